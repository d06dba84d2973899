using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Expansion;

/// <summary>An inspection's answer: for an archive, one page of its entries (or why an expansion would reject it) and the rule that decided.</summary>
public sealed record InspectionOutcome(InspectionStatus Status, string? Reason)
{
    public string? Bucket { get; init; }
    public string? Key { get; init; }
    public string? ETag { get; init; }
    public long Size { get; init; }
    public string? Rule { get; init; }

    /// <summary>The archive's format when it has no directory to list (<see cref="InspectionStatus.NoDirectory"/>).</summary>
    public string? Format { get; init; }
    public string? OutputBucket { get; init; }
    public string? OutputFolder { get; init; }
    public int TotalEntries { get; init; }
    public IReadOnlyList<InspectedEntry> Entries { get; init; } = [];

    /// <summary>The cursor of the next page; null on the last.</summary>
    public int? NextCursor { get; init; }
    public string? RejectionCode { get; init; }
    public IReadOnlyList<string> RejectedEntries { get; init; } = [];
    public int GetRequests { get; init; }
}
