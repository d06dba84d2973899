namespace OssUnzip.Function.Archive;

/// <summary>An inspection's answer: the entries, or why an expansion would reject the archive; and the GETs it took.</summary>
public sealed record ArchiveInspectionResult(IReadOnlyList<InspectedEntry> Entries, string? RejectionCode, string? RejectionReason, IReadOnlyList<string> RejectedEntries, int GetRequests)
{
    public static ArchiveInspectionResult Inspected(IReadOnlyList<InspectedEntry> entries, int getRequests) => new(entries, null, null, [], getRequests);

    public static ArchiveInspectionResult Rejected(string code, string reason, IReadOnlyList<string> entries, int getRequests) => new([], code, reason, entries, getRequests);
}
