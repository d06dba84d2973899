using Microsoft.Extensions.Logging;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// What the Kubernetes Job controller does for an Indexed Job, for the dispatchers that run shards
/// themselves: every index once, at most <c>parallelism</c> at a time; an index that fails transiently
/// (an exception) is retried up to <c>backoffLimitPerIndex</c> times; a permanent result (rejected,
/// source changed, no such job) cancels the other indexes, as the podFailurePolicy's FailJob does.
/// </summary>
internal static class ShardScheduler
{
    /// <summary>
    /// Runs the job's shards in the background under the shutdown coordinator's token, holding a
    /// shutdown lease until every index has ended (the dispatchers that run shards themselves).
    /// </summary>
    public static void StartInBackground(
        JobRecord job,
        JobOptions options,
        Func<int, CancellationToken, Task<ShardResult>> runShard,
        ShutdownCoordinator shutdown,
        OssUnzipMetrics metrics,
        ILogger logger)
    {
        var token = shutdown.ExpansionToken;
        var lease = shutdown.Enter();
        _ = Task.Run(
            async () =>
            {
                using (lease)
                {
                    await RunAsync(job, options.Parallelism, options.BackoffLimitPerIndex, runShard, metrics, logger, token).ConfigureAwait(false);
                }
            },
            CancellationToken.None);
    }

    public static async Task RunAsync(
        JobRecord job,
        int parallelism,
        int backoffLimitPerIndex,
        Func<int, CancellationToken, Task<ShardResult>> runShard,
        OssUnzipMetrics metrics,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var failJob = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(parallelism);
        var token = failJob.Token;
        var indexes = job.Shards.Select(s => s.Index).ToList();
        await Task.WhenAll(indexes.Select(async index =>
        {
            try
            {
                await slots.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var result = await runShard(index, token).ConfigureAwait(false);
                        if (result != ShardResult.Done)
                        {
                            await failJob.CancelAsync().ConfigureAwait(false);
                        }

                        return;
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception e) when (attempt <= backoffLimitPerIndex)
                    {
                        Log.ShardRetrying(logger, e, job.JobId, index, attempt, backoffLimitPerIndex - attempt + 1);
                        metrics.ShardRun("retried");
                        await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), token).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        Log.ShardExhausted(logger, e, job.JobId, index, attempt);
                        metrics.ShardRun("exhausted");
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
    }
}
