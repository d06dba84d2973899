namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// Starts every shard of a job somewhere and returns once they are handed over (not when they end).
/// Shards already done end at once when run again, so dispatching a job a second time restarts only
/// the shards that are not done. One implementation per <see cref="JobMode"/>.
/// </summary>
public interface IJobDispatcher
{
    /// <summary>Where shards run, for logs ("in-process", "local-processes", "kubernetes").</summary>
    string Name { get; }

    Task DispatchAsync(JobRecord job, CancellationToken cancellationToken);
}
