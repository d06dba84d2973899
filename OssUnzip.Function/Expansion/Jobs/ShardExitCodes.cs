namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// The shard command's exit codes. The Kubernetes Job's podFailurePolicy fails the whole Job at once
/// on the permanent ones (no retry can help); any other non-zero code is retried per index.
/// </summary>
public static class ShardExitCodes
{
    public const int Done = 0;

    /// <summary>A transient failure (storage, network): retry the index.</summary>
    public const int Transient = 1;

    /// <summary>Bad command line or settings.</summary>
    public const int Usage = 2;

    public const int Rejected = 42;

    public const int SourceChanged = 43;

    public const int NoSuchJob = 44;

    /// <summary>Exit codes that end the job without a retry.</summary>
    public static IReadOnlyList<int> Permanent { get; } = [Rejected, SourceChanged, NoSuchJob];

    public static int For(ShardResult result) => result switch
    {
        ShardResult.Done => Done,
        ShardResult.Rejected => Rejected,
        ShardResult.SourceChanged => SourceChanged,
        _ => NoSuchJob,
    };
}
