namespace OssUnzip.Function.Archive;

/// <summary>
/// An inspection's answer: the entries, or why an expansion would reject the archive, or (for a format
/// read front to back, <see cref="UnlistedFormat"/>) that it has no directory to list; and the GETs it took.
/// </summary>
public sealed record ArchiveInspectionResult(IReadOnlyList<InspectedEntry> Entries, string? RejectionCode, string? RejectionReason, IReadOnlyList<string> RejectedEntries, int GetRequests)
{
    /// <summary>The format's name (<c>tar+gzip</c>, <c>gzip</c>, ...) when the archive has no directory an inspection can read; null for ZIP.</summary>
    public string? UnlistedFormat { get; init; }

    public static ArchiveInspectionResult Unlisted(string format, int getRequests) =>
        new([], null, format == "7z"
            ? "a 7z archive lists its entries in a header at its end, which an inspection does not read (decision 0029): expand it to see them"
            : $"a {format} archive has no central directory: its entries are known only by reading all of it, which an inspection does not do", [], getRequests) { UnlistedFormat = format };

    public static ArchiveInspectionResult Inspected(IReadOnlyList<InspectedEntry> entries, int getRequests) => new(entries, null, null, [], getRequests);

    public static ArchiveInspectionResult Rejected(string code, string reason, IReadOnlyList<string> entries, int getRequests) => new([], code, reason, entries, getRequests);
}
