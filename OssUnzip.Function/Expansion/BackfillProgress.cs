namespace OssUnzip.Function.Expansion;

/// <summary>
/// A backfill run as GET /api/backfill/{id} reports it: <see cref="Status"/> is running, completed or
/// failed (listing or an expansion failed for good; <see cref="Error"/> says why). Counts are of
/// archives (keys a rule takes); <see cref="Listed"/> counts every key under the prefix.
/// </summary>
public sealed record BackfillProgress(
    string Id,
    string Bucket,
    string Prefix,
    string Status,
    int Listed,
    int Archives,
    int Expanded,
    int AlreadyExpanded,
    int Rejected,
    int Failed,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    string? Error)
{
    /// <summary>Archives too big for one request, handed to a job (issue 16): expanded in the background, each announced by its completion event.</summary>
    public int Jobs { get; init; }
}
