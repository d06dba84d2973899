namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// A permanent failure (4xx, never retried). <see cref="Entries"/> names the entries at fault where the
/// kind has any: every unsupported entry; the first overlapping pair in local-header order (ties in
/// central directory order), since a bomb can hold thousands; the entry whose data failed. For every
/// kind except <see cref="ExpectedRejectionKind.EntryDataCorrupt"/> nothing may be written.
/// </summary>
internal sealed record ExpectedRejection(ExpectedRejectionKind Kind, IReadOnlyList<ExpectedProblemEntry> Entries) : ExpectedOutcome;
