using OssUnzip.Function.Archive.Entries;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>An entry named in a rejection; <see cref="Reason"/> is set for unsupported entries.</summary>
internal sealed record ExpectedProblemEntry(string EntryName, UnsupportedReason Reason = UnsupportedReason.None);
