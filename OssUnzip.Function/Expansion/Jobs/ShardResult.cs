namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>How one shard run ended. Transient failures are not results: they propagate, and the dispatcher retries the shard.</summary>
public enum ShardResult
{
    /// <summary>Every object of the shard is written (now or by an earlier run).</summary>
    Done,

    /// <summary>The archive was rejected (corrupt entry, store refusal): the job has failed; no retry can help.</summary>
    Rejected,

    /// <summary>The archive no longer has the job's ETag: a newer upload has its own job; no retry can help.</summary>
    SourceChanged,

    /// <summary>No readable job record, or no such shard: nothing to run.</summary>
    NoSuchJob,
}
