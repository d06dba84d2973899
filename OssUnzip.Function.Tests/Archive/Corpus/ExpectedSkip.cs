namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>An entry that writes nothing and is reported, with why.</summary>
internal sealed record ExpectedSkip(string EntryName, ExpectedSkipReason Reason);
