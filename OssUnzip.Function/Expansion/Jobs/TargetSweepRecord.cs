using System.Text.Json;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// Proof that a job under a <c>fail</c> rule checked every planned target and found none pre-existing
/// (decision 0040): written create-only (<c>jobs/&lt;id&gt;/sweep.json</c>) by the first run that
/// completes a clean sweep, after its HEADs and before its first write. Later runs of any shard trust it
/// and write without sweeping again. <see cref="Objects"/> is the number of targets checked,
/// <see cref="HeadRequests"/> the HEADs the sweep sent (the manifest's <c>headRequests</c>).
/// </summary>
public sealed record TargetSweepRecord(string JobId, int Objects, int HeadRequests, DateTimeOffset SweptAt)
{
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JobRecord.JsonOptions);

    /// <summary>The record, or null when <paramref name="utf8Json"/> is not one.</summary>
    public static TargetSweepRecord? TryParse(ReadOnlySpan<byte> utf8Json) => ShardProgressRecord.TryParse<TargetSweepRecord>(utf8Json);
}
