using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// The pipeline's side of jobs (issue 16): whether a plan is expanded inline, its shards, creating a job
/// (a ZIP's from its plan, a stream format's as one shard: decision 0031)
/// exactly once per archive version (create-only record; decision 0018) and dispatching it, and answering
/// a redelivery from the records alone: done shards counted, and a job that has stalled (no progress for
/// <see cref="JobOptions.StaleAfterSeconds"/>, or every shard done but no manifest) dispatched again.
/// </summary>
internal sealed class JobCoordinator(
    JobStore store,
    IJobDispatcher dispatcher,
    IOptions<JobOptions> jobOptions,
    IOptions<ArchiveOptions> archiveOptions,
    TimeProvider timeProvider,
    OssUnzipMetrics metrics,
    ILogger<JobCoordinator> logger)
{
    private JobOptions Options => jobOptions.Value;

    public TimeSpan RequestBudget => Options.RequestBudget;

    /// <summary>Jobs:RangePlanningSeconds: how long planning a 7z's folder ranges may take after the budget's cut.</summary>
    public TimeSpan RangePlanningLimit => Options.RangePlanningLimit;

    public Task<JobRecord?> TryReadCurrentAsync(string outputBucket, string outputFolder, CancellationToken cancellationToken) =>
        store.TryReadCurrentAsync(outputBucket, outputFolder, cancellationToken);

    public bool IsInline(PlannedArchive planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return planned.Plan.Writes.Count <= Options.InlineMaxEntries && planned.Plan.TotalBytes <= Options.InlineMaxBytes;
    }

    /// <summary>The shard plan, over every planned write (a job does not apply a skip-existing rule: decision 0018); throws <see cref="ArchiveRejectedException"/> for an object of more than 10,000 parts.</summary>
    public IReadOnlyList<ShardRange> ShardsFor(PlannedArchive planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        return ShardPlanner.Plan(planned.Plan.Writes, new ShardLimits(Options.ShardBytes, Options.ShardEntries, archiveOptions.Value.PartSizeBytes));
    }

    /// <summary>Creates the job (once per archive version across every pod), makes it current and dispatches it: 202 accepted; if another delivery created it, 202 in-progress.</summary>
    public Task<ExpansionOutcome> StartAsync(ObjectCreatedEvent objectCreated, PlannedArchive planned, string rule, IReadOnlyList<ShardRange> shards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectCreated);
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(shards);
        var job = NewRecord(JobRecord.CurrentFormat, objectCreated, planned.Source, planned.Target, rule, planned.Plan.Writes.Count, shards.Sum(s => s.CompressedBytes), shards.Sum(s => s.UncompressedBytes), shards);
        return ClaimAndDispatchAsync(objectCreated, job, cancellationToken);
    }

    /// <summary>
    /// Creates a stream job (tar family, gzip, 7z: decision 0031) for an archive whose inline run passed the
    /// request budget: one shard that reads the whole archive front to back; then as <see cref="StartAsync"/>.
    /// </summary>
    public Task<ExpansionOutcome> StartStreamAsync(ObjectCreatedEvent objectCreated, OpenedArchive opened, ExpansionTarget target, string rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectCreated);
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(target);
        var source = opened.Source;
        var job = NewRecord(JobRecord.StreamFormat, objectCreated, source, target, rule, 0, source.Version.Length, 0, [new ShardRange(0, 0, 0, source.Version.Length, 0)]) with { Format = opened.Format.Name };
        return ClaimAndDispatchAsync(objectCreated, job, cancellationToken);
    }

    /// <summary>The target weight (packed + unpacked bytes) of a 7z job's folder range: Jobs:ShardBytes (decision 0035).</summary>
    public long ShardBytes => Options.ShardBytes;

    /// <summary>
    /// Creates a 7z job of two or more folder ranges (decision 0035): shard i writes the files its folders
    /// own, deciding names from the whole header; then as <see cref="StartAsync"/>.
    /// </summary>
    public Task<ExpansionOutcome> StartSevenZipAsync(ObjectCreatedEvent objectCreated, ArchiveSource source, ExpansionTarget target, string rule, IReadOnlyList<ShardRange> ranges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectCreated);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(ranges);
        var job = NewRecord(JobRecord.SevenZipRangesFormat, objectCreated, source, target, rule, 0, ranges.Sum(r => r.CompressedBytes), ranges.Sum(r => r.UncompressedBytes), ranges) with { Format = ArchiveFormat.SevenZip.Name };
        return ClaimAndDispatchAsync(objectCreated, job, cancellationToken);
    }

    /// <summary>
    /// Creates a ZIP job whose central directory could not be planned within the request budget (decision
    /// 0036): its shard count is <see cref="DerivedShardCount"/> and each shard plans the archive itself and
    /// takes its range from <see cref="ShardPlanner.Split"/>; then as <see cref="StartAsync"/>.
    /// </summary>
    public Task<ExpansionOutcome> StartDerivedAsync(ObjectCreatedEvent objectCreated, ArchiveSource source, ExpansionTarget target, string rule, long? declaredEntries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectCreated);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var count = DerivedShardCount(declaredEntries, source.Version.Length);
        var placeholders = Enumerable.Range(0, count).Select(i => new ShardRange(i, 0, 0, 0, 0)).ToList();
        var job = NewRecord(JobRecord.DerivedFormat, objectCreated, source, target, rule, 0, source.Version.Length, 0, placeholders);
        return ClaimAndDispatchAsync(objectCreated, job, cancellationToken);
    }

    /// <summary>The shard count of a job planned by its shards: <see cref="ShardPlanner.CountBeforePlan"/> under this app's settings.</summary>
    public int DerivedShardCount(long? declaredEntries, long archiveBytes) =>
        ShardPlanner.CountBeforePlan(declaredEntries, archiveBytes, archiveOptions.Value.MaxEntries, Options.ShardEntries, Options.ShardBytes);

    private JobRecord NewRecord(int formatVersion, ObjectCreatedEvent objectCreated, ArchiveSource source, ExpansionTarget target, string rule, int entries, long compressedBytes, long uncompressedBytes, IReadOnlyList<ShardRange> shards) =>
        new(
            formatVersion,
            JobRecord.IdFor(source.Bucket, source.Key, source.Version.ETag),
            source.Bucket,
            source.Key,
            source.Version.ETag,
            source.Version.Length,
            target.Bucket,
            target.Folder,
            rule,
            objectCreated.EventId,
            entries,
            compressedBytes,
            uncompressedBytes,
            shards,
            timeProvider.GetUtcNow());

    private async Task<ExpansionOutcome> ClaimAndDispatchAsync(ObjectCreatedEvent objectCreated, JobRecord job, CancellationToken cancellationToken)
    {
        if (await store.TryClaimAsync(job, cancellationToken).ConfigureAwait(false) == CreateResult.AlreadyExists)
        {
            var existing = await store.TryReadAsync(job.OutputBucket, job.OutputPrefix, job.JobId, cancellationToken).ConfigureAwait(false) ?? job;
            return await StatusAsync(objectCreated, existing, cancellationToken).ConfigureAwait(false);
        }

        await store.WriteCurrentAsync(job, cancellationToken).ConfigureAwait(false);
        if (job.IsStream || job.RangesDerived || job.IsSevenZipRanges)
        {
            Log.JobCreatedUnplanned(logger, objectCreated.EventId, job.Bucket, job.Key, job.ETag, job.JobId, job.Shards.Count, job.Size, dispatcher.Name);
        }
        else
        {
            Log.JobCreated(logger, objectCreated.EventId, job.Bucket, job.Key, job.ETag, job.JobId, job.Shards.Count, job.Entries, job.UncompressedBytes, dispatcher.Name);
        }

        metrics.JobEvent("started");
        await dispatcher.DispatchAsync(job, cancellationToken).ConfigureAwait(false);
        return Outcome(objectCreated, job, JobOutcome.Accepted, 0);
    }

    /// <summary>The job's progress from its records (one small GET per shard); a stalled job is dispatched again.</summary>
    public async Task<ExpansionOutcome> StatusAsync(ObjectCreatedEvent objectCreated, JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var done = await store.ReadAllDoneAsync(job, cancellationToken).ConfigureAwait(false);
        var shardsDone = done.Count(d => d is not null);
        if (await IsStalledAsync(job, done, cancellationToken).ConfigureAwait(false))
        {
            await dispatcher.DispatchAsync(job, cancellationToken).ConfigureAwait(false);
        }

        Log.JobInProgress(logger, objectCreated.EventId, job.Bucket, job.Key, job.ETag, job.JobId, shardsDone, job.Shards.Count);
        return Outcome(objectCreated, job, JobOutcome.InProgress, shardsDone);
    }

    /// <summary>
    /// Every shard done (the manifest would have been found first, so its finisher died), or no shard
    /// recorded progress for the stale period: its runners are gone (a restart, or retries exhausted).
    /// </summary>
    private async Task<bool> IsStalledAsync(JobRecord job, IReadOnlyList<ShardDoneRecord?> done, CancellationToken cancellationToken)
    {
        if (done.All(d => d is not null))
        {
            return true;
        }

        var now = timeProvider.GetUtcNow();
        var stale = TimeSpan.FromSeconds(Options.StaleAfterSeconds);
        if (now - job.CreatedAt < stale)
        {
            return false;
        }

        var latest = job.CreatedAt;
        foreach (var shard in job.Shards.Where(s => done[s.Index] is null))
        {
            if (await store.TryReadProgressAsync(job, shard.Index, cancellationToken).ConfigureAwait(false) is { } progress && progress.UpdatedAt > latest)
            {
                latest = progress.UpdatedAt;
            }
        }

        return now - latest >= stale;
    }

    private static JobOutcome Outcome(ObjectCreatedEvent objectCreated, JobRecord job, string status, int shardsDone) =>
        new(objectCreated, status, job.JobId, job.Bucket, job.Key, job.ETag, job.OutputPrefix, shardsDone, job.Shards.Count) { JobId = job.JobId };
}
