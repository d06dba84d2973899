using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.SevenZip;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// Runs one shard of a job, wherever it runs (a task, a child process, a Kubernetes pod): reads the job
/// record, re-reads the central directory pinned to the job's ETag and re-plans (deterministic), takes the
/// shard's range, and writes it batch by batch with the one writer and memory bound, recording progress
/// after each batch so a re-run never writes a finished batch again; then writes the shard's done record.
/// The run that finds every shard done writes the manifest (same format, merged from the plan and the
/// shards' totals) and sends the completion event, whose id is the job id (finishers of a race send the
/// same event). A rejection (corrupt entry, store refusal) fails the job: rejection record, failed
/// completion event, no manifest. Reads pinned to the ETag make a newer upload a clean source-changed.
/// A stream job (tar family, gzip, 7z) has one shard that reads the whole archive front to back and
/// records its completed prefix instead of batches (decision 0031); a 7z job of folder ranges has one
/// shard per range (decision 0035, <see cref="RunSevenZipRangeAsync"/>).
/// </summary>
internal sealed class ShardRunner(
    EventRouter router,
    RuleExpansion ruleExpansion,
    JobStore jobs,
    IObjectStore store,
    ArchiveExpansion expansion,
    ManifestStore manifests,
    RejectionStore rejections,
    CompletionPublisher completions,
    IOptions<JobOptions> options,
    IOptions<ArchiveOptions> archiveOptions,
    TimeProvider timeProvider,
    OssUnzipMetrics metrics,
    ILogger<ShardRunner> logger)
{
    /// <param name="outputBucket">Where the job's records are (the rule's output bucket).</param>
    public async Task<ShardResult> RunAsync(string outputBucket, string outputFolder, string jobId, int index, CancellationToken cancellationToken)
    {
        var job = await jobs.TryReadAsync(outputBucket, outputFolder, jobId, cancellationToken).ConfigureAwait(false);
        var rule = job is null ? null : router.RuleFor(job.Bucket, job.Key);
        if (job is null || rule is null || rule.Name != job.Rule || index < 0 || index >= job.Shards.Count)
        {
            Log.JobRecordMissing(logger, jobId, outputBucket, outputFolder);
            return ShardResult.NoSuchJob;
        }

        var route = EventRouter.RouteFor(rule, job.Key);
        var target = RuleExpansion.TargetOf(route, job.Bucket);

        var started = timeProvider.GetTimestamp();
        var source = new ArchiveSource(job.Bucket, job.Key, new ObjectVersion(job.Size, job.ETag));
        try
        {
            if (job.IsStream)
            {
                await RunStreamAsync(job, index, source, target, rule, cancellationToken).ConfigureAwait(false);
            }
            else if (job.IsSevenZipRanges)
            {
                await RunSevenZipRangeAsync(job, index, source, target, rule, cancellationToken).ConfigureAwait(false);
            }
            else if (await jobs.TryReadDoneAsync(job, index, cancellationToken).ConfigureAwait(false) is null)
            {
                var planned = await PlanAsync(job, source, target, cancellationToken).ConfigureAwait(false);
                await EnsureNoTargetPreexistsAsync(job, index, planned, cancellationToken).ConfigureAwait(false);
                await WriteShardAsync(job, index, planned, cancellationToken).ConfigureAwait(false);
                metrics.ShardRun("done", timeProvider.GetElapsedTime(started));
                await TryFinishAsync(job, source, target, rule, planned, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await TryFinishAsync(job, source, target, rule, null, cancellationToken).ConfigureAwait(false);
            }

            return ShardResult.Done;
        }
        catch (Exception e) when (e is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // A decoder interrupted by the cancellation may report it as corrupt data: a cancelled shard
            // never fails its job; it is retried.
            throw new OperationCanceledException("The shard was cancelled.", e, cancellationToken);
        }
        catch (SourceChangedException)
        {
            return SourceChanged(job, index, started);
        }
        catch (Exception e) when (ArchiveExpansion.TryReject(e, out var rejected))
        {
            // Bytes of a newer upload read past a server that ignores If-Match look corrupt: such a job
            // stops as source-changed, and only a job whose source is still its version fails.
            if (!await IsStillTheSourceAsync(job, cancellationToken).ConfigureAwait(false))
            {
                return SourceChanged(job, index, started);
            }

            Log.ShardRejected(logger, e, job.JobId, index, job.Bucket, job.Key, rejected.Reason);
            metrics.ShardRun("failed", timeProvider.GetElapsedTime(started));
            await FailJobAsync(job, rejected, cancellationToken).ConfigureAwait(false);
            return ShardResult.Rejected;
        }
    }

    private ShardResult SourceChanged(JobRecord job, int index, long started)
    {
        Log.ShardSourceChanged(logger, job.JobId, index, job.Bucket, job.Key, job.ETag);
        metrics.ShardRun("source-changed", timeProvider.GetElapsedTime(started));
        metrics.JobEvent("source-changed");
        return ShardResult.SourceChanged;
    }

    private async Task<bool> IsStillTheSourceAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var current = await store.TryGetVersionAsync(job.Bucket, job.Key, cancellationToken).ConfigureAwait(false);
        return current is not null && string.Equals(current.ETag, job.ETag, StringComparison.Ordinal);
    }

    private async Task<PlannedArchive> PlanAsync(JobRecord job, ArchiveSource source, ExpansionTarget target, CancellationToken cancellationToken)
    {
        var planned = await expansion.PlanAsync(source, target, applyOverwritePolicy: false, cancellationToken).ConfigureAwait(false);
        if ((!job.RangesDerived && planned.Plan.Writes.Count != job.Entries) || planned.OutputFolder != job.OutputPrefix)
        {
            // Same bytes, other settings (names, flattening): this process would write other keys than the job planned.
            throw new InvalidOperationException($"Job {job.JobId} planned {job.Entries} objects; this process's settings plan {planned.Plan.Writes.Count}. Run shards with the settings of the function that created the job.");
        }

        if (job.RangesDerived)
        {
            await CheckDerivedPlanAsync(job, planned, cancellationToken).ConfigureAwait(false);
        }

        return planned;
    }

    /// <summary>
    /// A job whose shards plan for themselves has no entry count to check against (decision 0036): the
    /// first shard to plan records its plan create-only, and every other run compares its own with it and
    /// refuses to run on a difference (other settings would split other writes into other ranges).
    /// </summary>
    private async Task CheckDerivedPlanAsync(JobRecord job, PlannedArchive planned, CancellationToken cancellationToken)
    {
        var mine = new ShardPlanRecord(job.JobId, planned.Layout.Entries.Count, planned.Plan.Writes.Count, planned.OutputFolder, timeProvider.GetUtcNow());
        if (await jobs.TryCreatePlanAsync(job, mine, cancellationToken).ConfigureAwait(false) == CreateResult.Created)
        {
            return;
        }

        var first = await jobs.TryReadPlanAsync(job, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Job {job.JobId}'s plan record exists but cannot be read.");
        if (!mine.SamePlanAs(first))
        {
            throw new InvalidOperationException($"Job {job.JobId}'s first shard planned {first.Objects} objects of {first.Entries} entries into '{first.OutputFolder}'; this process's settings plan {mine.Objects} objects of {mine.Entries} entries into '{mine.OutputFolder}'. Run shards with the settings of the function that created the job.");
        }
    }

    /// <summary>
    /// A job under a fail rule whose request never planned it (decision 0036) must not write before every
    /// target has been checked and none pre-exists (decision 0040): a run finds a clean sweep recorded
    /// (<c>sweep.json</c>) and trusts it, or HEADs every target of the plan itself — a pre-existing one
    /// rejects the job (<c>target-exists</c>, thrown as any shard rejection) — and records its clean sweep
    /// create-only before its first write. The job's own writes carry the source's id, so a re-run after a
    /// crash never takes them for pre-existing; no run waits for another, so any parallelism finishes. A
    /// job planned by its request (version 1) was checked there and is left alone.
    /// </summary>
    private async Task EnsureNoTargetPreexistsAsync(JobRecord job, int index, PlannedArchive planned, CancellationToken cancellationToken)
    {
        if (!job.RangesDerived || planned.Target.Overwrite != OverwritePolicy.Fail)
        {
            return;
        }

        if (await jobs.TryReadSweepAsync(job, cancellationToken).ConfigureAwait(false) is not null)
        {
            Log.TargetSweepTrusted(logger, job.JobId, index, job.Bucket, job.Key);
            return;
        }

        var (_, _, heads) = await expansion.ApplyOverwritePolicyAsync(planned.Source, planned.Target, planned.Plan.Writes, cancellationToken).ConfigureAwait(false);
        await jobs.TryCreateSweepAsync(job, new TargetSweepRecord(job.JobId, planned.Plan.Writes.Count, heads, timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        Log.TargetSweepClean(logger, job.JobId, index, job.Bucket, job.Key, planned.Plan.Writes.Count, heads);
    }

    private async Task WriteShardAsync(JobRecord job, int index, PlannedArchive planned, CancellationToken cancellationToken)
    {
        var shard = RangeOf(job, index, planned);
        var started = timeProvider.GetTimestamp();
        var writes = new PlanSlice(planned.Plan.Writes, shard.First, shard.Count);
        var batches = Batches(writes, options.Value.ProgressBatchEntries, options.Value.ProgressBatchBytes);
        var progress = await jobs.TryReadProgressAsync(job, index, cancellationToken).ConfigureAwait(false)
            ?? new ShardProgressRecord(job.JobId, index, 0, 0, 0, 0, 0, timeProvider.GetUtcNow());
        Log.ShardStarted(logger, job.JobId, index, job.Bucket, job.Key, job.ETag, shard.First, shard.First + shard.Count - 1, batches.Count, progress.BatchesDone);
        var logId = $"job {job.JobId} shard {index}";
        for (var b = progress.BatchesDone; b < batches.Count; b++)
        {
            var batch = batches[b];
            if (planned.Target.Overwrite == OverwritePolicy.SkipExisting)
            {
                // Decided per batch, just before its writes: an object this job (or the inline run before
                // it) wrote carries the source's id and is written again; any other is left alone (decision 0039).
                (batch, _, _) = await expansion.ApplyOverwritePolicyAsync(planned.Source, planned.Target, batch, cancellationToken).ConfigureAwait(false);
            }

            var written = await expansion.WriteEntriesAsync(planned, batch, logId, cancellationToken).ConfigureAwait(false);
            progress = progress with
            {
                BatchesDone = b + 1,
                Objects = progress.Objects + written.ObjectsWritten,
                Bytes = progress.Bytes + written.BytesWritten,
                GetRequests = progress.GetRequests + written.GetRequests,
                PutRequests = progress.PutRequests + written.PutRequests,
                UpdatedAt = timeProvider.GetUtcNow(),
            };
            await jobs.WriteProgressAsync(job, progress, cancellationToken).ConfigureAwait(false);
            Log.ShardBatchDone(logger, job.JobId, index, b + 1, batches.Count, progress.Objects, progress.Bytes);
        }

        var duration = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var done = new ShardDoneRecord(job.JobId, index, progress.Objects, progress.Bytes, progress.GetRequests, progress.PutRequests, duration, timeProvider.GetUtcNow());
        await jobs.WriteDoneAsync(job, done, cancellationToken).ConfigureAwait(false);
        Log.ShardDone(logger, job.JobId, index, done.Objects, done.Bytes, duration);
    }

    /// <summary>
    /// The shard's range: the record's, or, for a job planned by its shards (decision 0036), cut from this
    /// shard's own plan into the record's shard count, after the check the request could not make (an
    /// object of more than 10,000 parts rejects the job).
    /// </summary>
    private ShardRange RangeOf(JobRecord job, int index, PlannedArchive planned)
    {
        if (!job.RangesDerived)
        {
            return job.Shards[index];
        }

        ShardPlanner.CheckParts(planned.Plan.Writes, archiveOptions.Value.PartSizeBytes);
        return ShardPlanner.Split(planned.Plan.Writes, job.Shards.Count)[index];
    }

    /// <summary>Consecutive batches of at most <paramref name="maxEntries"/> objects and about <paramref name="maxBytes"/> bytes (a larger object is a batch alone).</summary>
    internal static IReadOnlyList<IReadOnlyList<PlannedEntry>> Batches(IReadOnlyList<PlannedEntry> writes, int maxEntries, long maxBytes)
    {
        var batches = new List<IReadOnlyList<PlannedEntry>>();
        var current = new List<PlannedEntry>();
        long bytes = 0;
        foreach (var write in writes)
        {
            if (current.Count > 0 && (current.Count >= maxEntries || bytes + write.Entry.UncompressedSize > maxBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(write);
            bytes += write.Entry.UncompressedSize;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    /// <summary>When every shard is done and the job is still the folder's current one: the manifest, then the completion event.</summary>
    private async Task TryFinishAsync(JobRecord job, ArchiveSource source, ExpansionTarget target, UnzipRule rule, PlannedArchive? planned, CancellationToken cancellationToken)
    {
        if (await ReadyToFinishAsync(job, cancellationToken).ConfigureAwait(false) is not { } totals)
        {
            return;
        }

        planned ??= await PlanAsync(job, source, target, cancellationToken).ConfigureAwait(false);
        if (target.Overwrite == OverwritePolicy.SkipExisting)
        {
            // The shards' skips, found again: every object the job wrote carries the source's id, so the
            // targets without it are exactly those that existed before (decision 0039).
            var (writes, existing, heads) = await expansion.ApplyOverwritePolicyAsync(source, target, planned.Plan.Writes, cancellationToken).ConfigureAwait(false);
            planned = planned with { Writes = writes, Existing = existing, HeadRequests = heads };
        }
        else if (job.RangesDerived && target.Overwrite == OverwritePolicy.Fail && await jobs.TryReadSweepAsync(job, cancellationToken).ConfigureAwait(false) is { } sweep)
        {
            planned = planned with { HeadRequests = sweep.HeadRequests };
        }

        var now = timeProvider.GetUtcNow();
        var report = ArchiveExpansion.ReportFor(planned, totals, (long)(now - job.CreatedAt).TotalMilliseconds) with { StartedAt = job.CreatedAt };
        await CompleteAsync(job, source, rule, report, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The shards' summed totals when every shard is done and the job is still the folder's current one;
    /// null when a shard is still running (its own finish will come) or a newer upload's job replaced this one.
    /// </summary>
    private async Task<WriteResult?> ReadyToFinishAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var done = await jobs.ReadAllDoneAsync(job, cancellationToken).ConfigureAwait(false);
        if (done.Any(d => d is null))
        {
            return null;
        }

        var current = await jobs.TryReadCurrentAsync(job.OutputBucket, job.OutputPrefix, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.JobId != job.JobId)
        {
            Log.JobSuperseded(logger, job.JobId, current.JobId);
            return null;
        }

        return new WriteResult(done.Sum(d => d!.Objects), done.Sum(d => d!.Bytes), done.Sum(d => d!.GetRequests), done.Sum(d => d!.PutRequests));
    }

    /// <summary>The manifest (same format as inline), the source's disposition, then the completion event with the job's id.</summary>
    private async Task CompleteAsync(JobRecord job, ArchiveSource source, UnzipRule rule, ExpansionReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var manifest = ExpansionManifest.From(report, now);
        await manifests.WriteAsync(job.OutputBucket, manifest with { Summary = manifest.Summary with { Rule = rule.Name } }, cancellationToken).ConfigureAwait(false);
        await ruleExpansion.DisposeSourceAsync($"job {job.JobId}", source, rule, cancellationToken).ConfigureAwait(false);
        Log.JobCompleted(logger, job.JobId, job.Bucket, job.Key, job.ETag, report.EntriesWritten, report.BytesWritten);
        metrics.JobEvent("expanded", now - job.CreatedAt);
        metrics.ArchiveHandled("expanded", now - job.CreatedAt, report.EntriesWritten, report.BytesWritten);
        await completions.SendNowAsync(new ExpandedOutcome(TriggerOf(job), report) { JobId = job.JobId }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A stream job's one shard (tar family, gzip, 7z: decision 0031). A compressed stream can only be
    /// decoded from its first byte, so every run reads the archive front to back again; the objects of the
    /// completed prefix its progress record names are read and checked but not PUT again. The prefix is
    /// recorded once it has grown by <see cref="JobOptions.ProgressBatchEntries"/> objects or
    /// <see cref="JobOptions.ProgressBatchBytes"/> bytes. A skip-existing rule applies as inline: an object
    /// the job wrote itself carries the source's id and is not taken for an existing one, so every run
    /// skips and lists the same pre-existing targets (decision 0039). A fail rule checks each target just
    /// before its entry, as inline: a pre-existing one rejects the job, the objects before it staying
    /// written (decision 0040). The run's report
    /// is the inline one (format, skips, renames, name encodings) and becomes the manifest; a run after the
    /// shard was done (its finisher died) writes nothing again and finishes.
    /// </summary>
    private async Task RunStreamAsync(JobRecord job, int index, ArchiveSource source, ExpansionTarget target, UnzipRule rule, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var prefix = await PrefixCheckpoint.ReadAsync(jobs, job, index, options.Value, timeProvider, logger, cancellationToken).ConfigureAwait(false);
        Log.StreamShardStarted(logger, job.JobId, index, job.Bucket, job.Key, job.ETag, job.Format ?? "", prefix.Recorded.Objects, prefix.Recorded.Bytes);
        var logId = $"job {job.JobId} shard {index}";
        var opened = await expansion.OpenAsync(source, cancellationToken).ConfigureAwait(false);
        var result = await expansion.ExpandStreamAsync(opened, target, logId, prefix.Resume, cancellationToken).ConfigureAwait(false);
        if (result is ArchiveRejected rejected)
        {
            throw new ArchiveRejectedException(rejected.Code, rejected.Reason, rejected.Entries);
        }

        var report = ((ArchiveExpanded)result).Report;
        await prefix.CompleteAsync(report.EntriesWritten, report.BytesWritten, cancellationToken).ConfigureAwait(false);
        var duration = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var done = new ShardDoneRecord(job.JobId, index, report.EntriesWritten, report.BytesWritten, report.GetRequests, report.PutRequests, duration, timeProvider.GetUtcNow());
        await jobs.WriteDoneAsync(job, done, cancellationToken).ConfigureAwait(false);
        Log.ShardDone(logger, job.JobId, index, done.Objects, done.Bytes, duration);
        metrics.ShardRun("done", timeProvider.GetElapsedTime(started));

        var current = await jobs.TryReadCurrentAsync(job.OutputBucket, job.OutputPrefix, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.JobId != job.JobId)
        {
            Log.JobSuperseded(logger, job.JobId, current.JobId);
            return;
        }

        var now = timeProvider.GetUtcNow();
        await CompleteAsync(job, source, rule, report with { StartedAt = job.CreatedAt, DurationMs = (long)(now - job.CreatedAt).TotalMilliseconds }, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task FailJobAsync(JobRecord job, ArchiveRejected rejected, CancellationToken cancellationToken)
    {
        var kind = rejected.Code == ArchiveRejectionCodes.StoreRefused ? RejectionKind.StoreRefused : RejectionKind.InvalidArchive;
        var outcome = new RejectedOutcome(TriggerOf(job), kind, rejected.Reason, rejected.Entries) { Code = rejected.Code, Key = job.Key, JobId = job.JobId };
        var record = RejectionRecord.From(outcome, job.Bucket, job.Key, job.ETag, timeProvider.GetUtcNow());
        try
        {
            await rejections.WriteAsync(job.OutputBucket, job.OutputPrefix, record, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectRefusedException e)
        {
            Log.RejectionRecordNotWritten(logger, e, job.JobId, job.Bucket, job.Key, job.ETag);
        }

        metrics.JobEvent("failed", timeProvider.GetUtcNow() - job.CreatedAt);
        metrics.ArchiveHandled("rejected", timeProvider.GetUtcNow() - job.CreatedAt, 0, 0);
        await completions.SendNowAsync(outcome, cancellationToken).ConfigureAwait(false);
    }

    private static ObjectCreatedEvent TriggerOf(JobRecord job) => new(job.EventId, "ossunzip:Job", job.Bucket, job.Key, job.ETag, job.Size);

    /// <summary>
    /// A 7z job's shard (decision 0035): the files of its folder range that the whole header's decisions
    /// keep, decoded from a sub-archive of just those folders. Progress is the completed prefix of the
    /// range's objects (as a stream job's, decision 0031): a re-run decodes the range again but PUTs none
    /// of the prefix; a run after the shard was done writes nothing and only tries to finish. Under
    /// skip-existing each kept file's target is looked up just before it is written and left alone when
    /// it is not this source version's own (decisions 0039, 0042); a 7z under a fail rule is a one-shard stream job instead (decision 0040).
    /// The run that finds every shard done writes the one manifest, from the whole header's decisions with
    /// the shards' totals (under skip-existing, every target looked up again: those without the source's
    /// id are exactly the preexisting ones, listed), and sends the completion event.
    /// </summary>
    private async Task RunSevenZipRangeAsync(JobRecord job, int index, ArchiveSource source, ExpansionTarget target, UnzipRule rule, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var shard = job.Shards[index];
        if (await jobs.TryReadDoneAsync(job, index, cancellationToken).ConfigureAwait(false) is null)
        {
            var prefix = await PrefixCheckpoint.ReadAsync(jobs, job, index, options.Value, timeProvider, logger, cancellationToken).ConfigureAwait(false);
            Log.SevenZipShardStarted(logger, job.JobId, index, job.Bucket, job.Key, job.ETag, shard.First, shard.First + shard.Count - 1, prefix.Recorded.Objects, prefix.Recorded.Bytes);
            var range = new SevenZipFolderRange(shard.First, shard.Count);
            var written = await expansion.WriteSevenZipRangeAsync(source, target, range, $"job {job.JobId} shard {index}", prefix.Resume, cancellationToken).ConfigureAwait(false);
            await prefix.CompleteAsync(written.ObjectsWritten, written.BytesWritten, cancellationToken).ConfigureAwait(false);
            var duration = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
            var done = new ShardDoneRecord(job.JobId, index, written.ObjectsWritten, written.BytesWritten, written.GetRequests, written.PutRequests, duration, timeProvider.GetUtcNow());
            await jobs.WriteDoneAsync(job, done, cancellationToken).ConfigureAwait(false);
            Log.ShardDone(logger, job.JobId, index, done.Objects, done.Bytes, duration);
            metrics.ShardRun("done", timeProvider.GetElapsedTime(started));
        }

        if (await ReadyToFinishAsync(job, cancellationToken).ConfigureAwait(false) is not { } totals)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var report = await expansion.SevenZipRangesReportAsync(source, target, totals, job.CreatedAt, (long)(now - job.CreatedAt).TotalMilliseconds, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(job, source, rule, report, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A range of the plan's writes, without copying them.</summary>
    private sealed class PlanSlice(IReadOnlyList<PlannedEntry> writes, int first, int count) : IReadOnlyList<PlannedEntry>
    {
        public PlannedEntry this[int index] => (uint)index < (uint)count ? writes[first + index] : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => count;

        public IEnumerator<PlannedEntry> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return writes[first + i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
