namespace OssUnzip.Function.Tests.Archive.Corpus;

internal enum ExpectedSkipReason
{
    Symlink,
    MacMetadata,
    EmptyAfterSanitizing,
    KeyTooLong,
}
