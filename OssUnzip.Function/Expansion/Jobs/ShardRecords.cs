using System.Text.Json;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>A shard's progress: how many of its batches are written (a re-run starts after them), with their totals.</summary>
public sealed record ShardProgressRecord(string JobId, int Shard, int BatchesDone, int Objects, long Bytes, int GetRequests, int PutRequests, DateTimeOffset UpdatedAt)
{
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JobRecord.JsonOptions);

    public static ShardProgressRecord? TryParse(ReadOnlySpan<byte> utf8Json) => TryParse<ShardProgressRecord>(utf8Json);

    internal static T? TryParse<T>(ReadOnlySpan<byte> utf8Json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8Json, JobRecord.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// A finished shard: every object of its range written, with totals (objects, bytes, requests). The
/// objects' keys, sizes and CRCs are those of its range of the plan, which the manifest lists.
/// </summary>
public sealed record ShardDoneRecord(string JobId, int Shard, int Objects, long Bytes, int GetRequests, int PutRequests, long DurationMs, DateTimeOffset DoneAt)
{
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JobRecord.JsonOptions);

    public static ShardDoneRecord? TryParse(ReadOnlySpan<byte> utf8Json) => ShardProgressRecord.TryParse<ShardDoneRecord>(utf8Json);
}

/// <summary>
/// The plan of a job whose shards plan for themselves (record version 3, decision 0036), as the first
/// shard to plan found it, written create-only (<c>plan.json</c>): entries in the directory, objects
/// planned, output folder. Every other shard compares its own plan with it and refuses to run on a
/// difference, as a version-1 job's shards compare theirs with the request's (decision 0039).
/// </summary>
public sealed record ShardPlanRecord(string JobId, int Entries, int Objects, string OutputFolder, DateTimeOffset PlannedAt)
{
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JobRecord.JsonOptions);

    public static ShardPlanRecord? TryParse(ReadOnlySpan<byte> utf8Json) => ShardProgressRecord.TryParse<ShardPlanRecord>(utf8Json);

    /// <summary>True when <paramref name="other"/> planned the same entries into the same objects and folder.</summary>
    public bool SamePlanAs(ShardPlanRecord other) =>
        other is not null && Entries == other.Entries && Objects == other.Objects && string.Equals(OutputFolder, other.OutputFolder, StringComparison.Ordinal);
}
