namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>What expanding a corpus archive must produce: <see cref="ExpectedExpansion"/> or <see cref="ExpectedRejection"/>.</summary>
internal abstract record ExpectedOutcome;
