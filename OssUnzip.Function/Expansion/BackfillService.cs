using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Backfill: lists a prefix and hands every key a rule takes to the expander as if its upload event
/// had arrived, so it goes through the same idempotent path (an archive already expanded under its rule
/// costs one HEAD and one small GET of its manifest). Backfill:Concurrency archives at
/// once. Runs live in this process only (decision 0025): a restart loses their progress, and running
/// the same backfill again is cheap and safe. Runs go on under the shutdown coordinator's token, like
/// expansions, and stop after its grace period.
/// </summary>
internal sealed class BackfillService(
    EventRouter router,
    IObjectStore store,
    IArchiveExpander expander,
    ShutdownCoordinator shutdown,
    IOptions<BackfillOptions> options,
    TimeProvider timeProvider,
    ILogger<BackfillService> logger) : IBackfillService
{
    private readonly ConcurrentDictionary<string, Run> _runs = new(StringComparer.Ordinal);

    public BackfillProgress? Start(string bucket, string prefix)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!router.Rules.Any(r => r.Bucket == bucket))
        {
            return null;
        }

        var lease = shutdown.Enter();
        var run = new Run(Guid.NewGuid().ToString("N"), bucket, prefix, timeProvider.GetUtcNow());
        _runs[run.Id] = run;
        DropOldFinishedRuns();
        Log.BackfillStarted(logger, run.Id, bucket, prefix);
        run.Task = Task.Run(async () =>
        {
            using (lease)
            {
                await RunAsync(run, shutdown.ExpansionToken).ConfigureAwait(false);
            }
        });
        return run.Progress();
    }

    public BackfillProgress? Get(string id) => _runs.TryGetValue(id, out var run) ? run.Progress() : null;

    /// <summary>Waits for a run to end (tests and the command line).</summary>
    public async Task<BackfillProgress?> WaitAsync(string id, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(id, out var run))
        {
            return null;
        }

        await run.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return run.Progress();
    }

    private async Task RunAsync(Run run, CancellationToken cancellationToken)
    {
        try
        {
            string? marker = null;
            do
            {
                var page = await store.ListKeysAsync(run.Bucket, run.Prefix, marker, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref run.Listed, page.Keys.Count);
                var archives = page.Keys.Where(k => router.RuleFor(run.Bucket, k) is not null).ToList();
                Interlocked.Add(ref run.Archives, archives.Count);
                await Parallel.ForEachAsync(
                    archives,
                    new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
                    async (key, token) => await ExpandOneAsync(run, key, token).ConfigureAwait(false)).ConfigureAwait(false);
                marker = page.NextMarker;
            }
            while (marker is not null);

            run.Finish("completed", null, timeProvider.GetUtcNow());
            Log.BackfillCompleted(logger, run.Id, run.Bucket, run.Prefix, run.Archives, run.Expanded, run.AlreadyExpanded, run.Rejected, run.Failed);
        }
        catch (Exception e)
        {
            // The run's own failure (listing, or the shutdown token): recorded for GET, logged once here.
            run.Finish("failed", e.Message, timeProvider.GetUtcNow());
            Log.BackfillFailed(logger, e, run.Id, run.Bucket, run.Prefix);
        }
    }

    private async Task ExpandOneAsync(Run run, string key, CancellationToken cancellationToken)
    {
        var evt = new ObjectCreatedEvent($"backfill-{run.Id}-{Guid.NewGuid():N}", "ObjectCreated:PutObject", run.Bucket, key, null, null);
        try
        {
            var outcome = await expander.ExpandAsync(evt, cancellationToken).ConfigureAwait(false);
            _ = outcome switch
            {
                ExpandedOutcome => Interlocked.Increment(ref run.Expanded),
                AlreadyExpandedOutcome => Interlocked.Increment(ref run.AlreadyExpanded),
                JobOutcome => Interlocked.Increment(ref run.Jobs),
                _ => Interlocked.Increment(ref run.Rejected),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One archive's storage failure does not stop the others; running the backfill again retries it.
            Interlocked.Increment(ref run.Failed);
            Log.BackfillArchiveFailed(logger, e, run.Id, run.Bucket, key);
        }
    }

    private void DropOldFinishedRuns()
    {
        var finished = _runs.Values.Where(r => r.CompletedAt is not null).OrderBy(r => r.CompletedAt).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - options.Value.KeepFinishedRuns)))
        {
            _runs.TryRemove(old.Id, out _);
        }
    }

    private sealed class Run(string id, string bucket, string prefix, DateTimeOffset startedAt)
    {
        public int Listed;
        public int Archives;
        public int Expanded;
        public int AlreadyExpanded;
        public int Jobs;
        public int Rejected;
        public int Failed;
        private string _status = "running";
        private string? _error;

        public string Id { get; } = id;
        public string Bucket { get; } = bucket;
        public string Prefix { get; } = prefix;
        public Task Task { get; set; } = Task.CompletedTask;
        public DateTimeOffset? CompletedAt { get; private set; }

        public void Finish(string status, string? error, DateTimeOffset at)
        {
            _error = error;
            CompletedAt = at;
            Volatile.Write(ref _status, status);
        }

        public BackfillProgress Progress() => new(
            Id, Bucket, Prefix, Volatile.Read(ref _status),
            Volatile.Read(ref Listed), Volatile.Read(ref Archives), Volatile.Read(ref Expanded), Volatile.Read(ref AlreadyExpanded),
            Volatile.Read(ref Rejected), Volatile.Read(ref Failed), startedAt, CompletedAt, _error)
        {
            Jobs = Volatile.Read(ref Jobs),
        };
    }
}
