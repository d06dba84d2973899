namespace OssUnzip.Function.Tests.Archive.Corpus;

internal enum ExpectedSkipReason
{
    Symlink,
    ControlCharacter,
    EmptyAfterSanitizing,
    KeyTooLong,
}
