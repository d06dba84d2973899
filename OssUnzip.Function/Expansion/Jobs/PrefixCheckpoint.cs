using Microsoft.Extensions.Logging;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// The completed prefix of a shard that writes its objects in one sequential run (a stream job's shard,
/// decision 0031; a 7z folder range, decision 0035): what an earlier run recorded, and the record written
/// again whenever the prefix has grown by Jobs:ProgressBatchEntries objects or Jobs:ProgressBatchBytes
/// bytes since. Not thread-safe: the writer reports the prefix from one place, in order.
/// </summary>
internal sealed class PrefixCheckpoint
{
    private readonly JobStore _jobs;
    private readonly JobRecord _job;
    private readonly JobOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    private PrefixCheckpoint(JobStore jobs, JobRecord job, ShardProgressRecord recorded, JobOptions options, TimeProvider timeProvider, ILogger logger)
    {
        (_jobs, _job, _options, _timeProvider, _logger) = (jobs, job, options, timeProvider, logger);
        Recorded = recorded;
    }

    /// <summary>The prefix recorded last (objects and bytes; zero before any).</summary>
    public ShardProgressRecord Recorded { get; private set; }

    /// <summary>What to hand the writer: the recorded prefix is not written again, and growth is reported here.</summary>
    public SequentialResume Resume => new(Recorded.Objects, Recorded.Bytes, CheckpointAsync);

    /// <summary>Shard <paramref name="index"/>'s recorded prefix, or an empty one.</summary>
    public static async Task<PrefixCheckpoint> ReadAsync(JobStore jobs, JobRecord job, int index, JobOptions options, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(job);
        var recorded = await jobs.TryReadProgressAsync(job, index, cancellationToken).ConfigureAwait(false)
            ?? new ShardProgressRecord(job.JobId, index, 0, 0, 0, 0, 0, timeProvider.GetUtcNow());
        return new PrefixCheckpoint(jobs, job, recorded, options, timeProvider, logger);
    }

    /// <summary>The whole run is the prefix now: a run after this one (its finisher died) writes nothing again.</summary>
    public Task CompleteAsync(int objects, long bytes, CancellationToken cancellationToken) => RecordAsync(objects, bytes, cancellationToken);

    private Task CheckpointAsync(int objects, long bytes, CancellationToken cancellationToken) =>
        objects - Recorded.Objects < _options.ProgressBatchEntries && bytes - Recorded.Bytes < _options.ProgressBatchBytes
            ? Task.CompletedTask
            : RecordAsync(objects, bytes, cancellationToken);

    private async Task RecordAsync(int objects, long bytes, CancellationToken cancellationToken)
    {
        Recorded = Recorded with { BatchesDone = Recorded.BatchesDone + 1, Objects = objects, Bytes = bytes, UpdatedAt = _timeProvider.GetUtcNow() };
        await _jobs.WriteProgressAsync(_job, Recorded, cancellationToken).ConfigureAwait(false);
        Log.StreamShardProgress(_logger, _job.JobId, Recorded.Shard, objects, bytes);
    }
}
