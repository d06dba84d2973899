using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// Runs a job's shards as background tasks of this process, under the shutdown coordinator's token
/// (<c>Jobs:Mode=InProcess</c>: <c>func start</c>, a single pod). Does not survive a restart: shards
/// running when the process stops are lost, and the job stays in progress until a redelivery of the
/// event finds it stale and dispatches it again (finished batches are not written again).
/// </summary>
internal sealed class InProcessJobDispatcher(
    ShardRunner runner,
    ShutdownCoordinator shutdown,
    IOptions<JobOptions> options,
    OssUnzipMetrics metrics,
    ILogger<InProcessJobDispatcher> logger) : IJobDispatcher
{
    public string Name => "in-process";

    public Task DispatchAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ShardScheduler.StartInBackground(job, options.Value, (index, ct) => runner.RunAsync(job.OutputBucket, job.OutputPrefix, job.JobId, index, ct), shutdown, metrics, logger);
        Log.JobDispatched(logger, job.JobId, job.Shards.Count, Name);
        return Task.CompletedTask;
    }
}
