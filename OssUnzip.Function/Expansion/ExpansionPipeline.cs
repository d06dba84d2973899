using Microsoft.Extensions.Logging;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Archive.Paths;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Turns at-least-once delivery into one complete expansion per archive version: route the event
/// (before any storage call), find the object (HEAD), then — once per bucket/key/ETag in this process
/// (single flight) — answer it from its records if they name this exact bucket/key/ETag (a manifest:
/// already expanded; a rejection record: the first answer again), else expand, and write the manifest
/// last or, when the archive is rejected, its rejection record (decisions 0015, 0016). An archive whose
/// output folder would hold the records folder's name is refused before any storage call. Expansions
/// run under the shutdown coordinator's token, so they survive a caller that hangs up and stop cleanly
/// after the grace period. Ends are announced as completion events. A plan too big to expand inline, or
/// an inline ZIP expansion that would pass the request budget, becomes a job (issue 16, decision 0017):
/// the answer is 202 and a redelivery is answered from the job's records. Formats read front to back
/// (tar family, gzip, 7z) start inline the same way and past the budget become a job of one shard
/// (decision 0031). A ZIP's planning races the budget too: a directory not planned in time becomes a job
/// whose shards plan it themselves (decision 0036), under every overwrite policy (decision 0040). The route's rule decides the
/// output bucket (where records live too), the plan, and what happens to the source once the manifest
/// is written (<see cref="RuleExpansion"/>); a manifest written under another rule does not count.
/// </summary>
internal sealed class ExpansionPipeline(
    EventRouter router,
    IObjectStore store,
    ArchiveExpansion expansion,
    ManifestStore manifests,
    RuleExpansion ruleExpansion,
    RejectionStore rejections,
    ShutdownCoordinator shutdown,
    CompletionPublisher completions,
    JobCoordinator jobs,
    TimeProvider timeProvider,
    ILogger<ExpansionPipeline> logger) : IArchiveExpander
{
    private readonly SingleFlight<(string Bucket, string Key, string ETag), ExpansionOutcome> _flights = new();

    public async Task<ExpansionOutcome> ExpandAsync(ObjectCreatedEvent objectCreated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectCreated);
        var decision = router.Route(objectCreated);
        if (decision.IgnoreReason is { } reason)
        {
            Log.EventIgnored(logger, objectCreated.EventId, objectCreated.Bucket, objectCreated.Key, reason);
            return new IgnoredOutcome(objectCreated, reason);
        }

        IReadOnlyList<ArchiveRoute> candidates = [.. decision.Candidates.Where(c => !RecordKeys.HasReservedSegment(c.OutputFolder))];
        if (candidates.Count == 0)
        {
            var refusal = $"key '{objectCreated.Key}' would expand into '{decision.Candidates[0].OutputFolder}', and a folder named '{ReservedNames.RecordsFolder}' holds the service's own records; rename the archive or its folder";
            Log.EventRefused(logger, objectCreated.EventId, objectCreated.Bucket, objectCreated.Key, refusal);
            var refused = new RejectedOutcome(objectCreated, RejectionKind.ReservedOutputFolder, refusal, []);
            completions.Publish(refused);
            return refused;
        }

        using var lease = shutdown.Enter();
        var started = timeProvider.GetTimestamp();
        var (route, version) = await ResolveAsync(objectCreated.Bucket, candidates, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            Log.SourceMissing(logger, objectCreated.EventId, objectCreated.Bucket, objectCreated.Key, candidates.Count);
            var missing = new RejectedOutcome(objectCreated, RejectionKind.SourceMissing, $"'{objectCreated.Key}' does not exist in bucket '{objectCreated.Bucket}' (deleted or renamed after the event).", []);
            completions.Publish(missing);
            return missing;
        }

        var source = new ArchiveSource(objectCreated.Bucket, route.Key, version);
        var outcome = await _flights.RunAsync(
            (source.Bucket, source.Key, version.ETag),
            () => ExpandOnceAsync(objectCreated, source, route, started),
            cancellationToken).ConfigureAwait(false);
        return outcome.Event == objectCreated ? outcome : outcome with { Event = objectCreated };
    }

    private async Task<ExpansionOutcome> ExpandOnceAsync(ObjectCreatedEvent objectCreated, ArchiveSource source, ArchiveRoute route, long started)
    {
        using var lease = shutdown.Enter();
        var token = shutdown.ExpansionToken;
        var outputFolder = route.OutputFolder;
        var outputBucket = RuleExpansion.OutputBucketOf(route, source.Bucket);
        var manifestRead = manifests.TryReadSummaryAsync(outputBucket, outputFolder, token);
        var rejectionRead = rejections.TryReadAsync(outputBucket, outputFolder, token);
        var jobRead = jobs.TryReadCurrentAsync(outputBucket, outputFolder, token);
        await Task.WhenAll(manifestRead, rejectionRead, jobRead).ConfigureAwait(false);
        var existing = await manifestRead.ConfigureAwait(false);
        var rejection = await rejectionRead.ConfigureAwait(false);
        if (existing is not null && existing.Source.Bucket == source.Bucket && existing.Source.Key == source.Key && existing.Source.ETag == source.Version.ETag
            && RuleExpansion.SameRule(existing, route.Rule))
        {
            Log.AlreadyExpanded(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag);
            // A disposition that failed after the manifest is completed by the redelivery.
            await ruleExpansion.DisposeSourceAsync(objectCreated.EventId, source, route.Rule, token).ConfigureAwait(false);
            return new AlreadyExpandedOutcome(objectCreated, source.Bucket, source.Key, source.Version.ETag, outputFolder, existing.Objects, existing.CompletedAt);
        }

        if (rejection is not null && rejection.Names(source.Bucket, source.Key, source.Version.ETag))
        {
            Log.AlreadyRejected(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, rejection.Code);
            return rejection.ToOutcome(objectCreated);
        }

        if (await jobRead.ConfigureAwait(false) is { } job && job.Names(source.Bucket, source.Key, source.Version.ETag))
        {
            return await jobs.StatusAsync(objectCreated, job, token).ConfigureAwait(false);
        }

        var target = RuleExpansion.TargetOf(route, source.Bucket);
        OpenedArchive opened;
        PlannedArchive? planned = null;
        IReadOnlyList<ShardRange> shards = [];
        var planCut = false;
        try
        {
            opened = await expansion.OpenAsync(source, token).ConfigureAwait(false);
            if (opened.IsZip)
            {
                if (await PlanWithinBudgetAsync(opened, target, started, token).ConfigureAwait(false) is { } plan)
                {
                    (planned, shards) = plan;
                }
                else
                {
                    planCut = true;
                }
            }
        }
        catch (Exception e) when (ArchiveExpansion.TryReject(e, out var rejectedPlan))
        {
            Log.ArchiveRejected(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return await FinishAsync(objectCreated, source, route, rejectedPlan, token).ConfigureAwait(false);
        }

        if (planCut)
        {
            // The directory was not planned within the budget: a job whose shards plan it themselves, sized
            // from the end record's entry count and the archive's bytes (decision 0036).
            var declared = await TryReadDeclaredEntriesAsync(source, token).ConfigureAwait(false);
            var jobId = JobRecord.IdFor(source.Bucket, source.Key, source.Version.ETag);
            Log.PlanningHandedToJob(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, (long)jobs.RequestBudget.TotalMilliseconds, jobId);
            return await jobs.StartDerivedAsync(objectCreated, source, target, route.Rule.Name, declared, token).ConfigureAwait(false);
        }

        if (planned is null)
        {
            // Tar, gzip and 7z have no directory to plan from: they start inline and, past the budget,
            // become a job of one shard that reads them front to back again (decision 0031). Under a fail
            // rule too: the shard checks each target just before writing it, as inline (decision 0040).
            var withinBudget = await WithinBudgetAsync(objectCreated, source, started, t => expansion.ExpandStreamAsync(opened, target, objectCreated.EventId, resume: null, t), token).ConfigureAwait(false);
            return withinBudget is not null
                ? await FinishAsync(objectCreated, source, route, withinBudget, token).ConfigureAwait(false)
                : await StartStreamJobAsync(objectCreated, opened, route, target, token).ConfigureAwait(false);
        }

        if (jobs.IsInline(planned))
        {
            // Inline, within what is left of the request budget; past it, the whole plan is handed to a
            // job (objects written so far are written again: decision 0017).
            var result = await WithinBudgetAsync(objectCreated, source, started, t => expansion.WriteAsync(planned, objectCreated.EventId, t), token).ConfigureAwait(false);
            if (result is not null)
            {
                return await FinishAsync(objectCreated, source, route, result, token).ConfigureAwait(false);
            }
        }

        return await jobs.StartAsync(objectCreated, planned, route.Rule.Name, shards, token).ConfigureAwait(false);
    }

    /// <summary>
    /// Plans a ZIP (central directory, every entry, the shard plan) within what is left of the request
    /// budget (decision 0036): the plan and its shards, or null when the budget passed first (planning is
    /// cancelled; the planner looks at the token between phases and every few thousand entries, so the cut
    /// run stops soon after, its result dropped). A rejection found in time is thrown as before. A fail rule's
    /// HEADs of every target are part of the raced planning; past the budget its job's shards make them
    /// before any write (decision 0040).
    /// </summary>
    private Task<(PlannedArchive Planned, IReadOnlyList<ShardRange> Shards)?> PlanWithinBudgetAsync(OpenedArchive opened, ExpansionTarget target, long started, CancellationToken token) =>
        BudgetRace.RunAsync<(PlannedArchive Planned, IReadOnlyList<ShardRange> Shards)?>(
            async planToken =>
            {
                var planned = await expansion.PlanAsync(opened, target, applyOverwritePolicy: true, planToken).ConfigureAwait(false);
                return (planned, jobs.ShardsFor(planned));
            },
            jobs.RequestBudget - timeProvider.GetElapsedTime(started),
            timeProvider,
            token);

    /// <summary>
    /// A stream archive past the budget becomes a job: a 7z whose header plans two or more folder ranges
    /// (Jobs:ShardBytes each; an encrypted header opened with Archive:Passwords) a job of one shard per
    /// range (decisions 0035, 0042), under an overwrite or a skip-existing rule; any other, a 7z whose
    /// header is unreadable or one range, the one-shard stream job of decision 0031 (whose shard rejects
    /// an unreadable header). A 7z whose encrypted header no configured password opens is rejected here,
    /// as the inline run would have (<c>password-required</c>, <c>wrong-password</c>), before any write.
    /// </summary>
    private async Task<ExpansionOutcome> StartStreamJobAsync(ObjectCreatedEvent objectCreated, OpenedArchive opened, ArchiveRoute route, ExpansionTarget target, CancellationToken token)
    {
        var (source, rule) = (opened.Source, route.Rule.Name);
        if (opened.Format.Container == ArchiveContainer.SevenZip && target.Overwrite != OverwritePolicy.Fail)
        {
            IReadOnlyList<ShardRange>? ranges;
            try
            {
                ranges = await PlanSevenZipRangesInTimeAsync(source, token).ConfigureAwait(false);
                if (ranges is null)
                {
                    Log.SevenZipRangesNotPlannedInTime(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, (long)jobs.RangePlanningLimit.TotalMilliseconds);
                    return await jobs.StartStreamAsync(objectCreated, opened, target, rule, token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (ArchiveExpansion.TryReject(e, out var rejected))
            {
                if (rejected.Code is ArchiveRejectionCodes.PasswordRequired or ArchiveRejectionCodes.WrongPassword)
                {
                    Log.ArchiveRejected(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, e.Message);
                    return await FinishAsync(objectCreated, source, route, rejected, token).ConfigureAwait(false);
                }

                ranges = null;
            }

            if (ranges is { Count: > 1 })
            {
                return await jobs.StartSevenZipAsync(objectCreated, source, target, rule, ranges, token).ConfigureAwait(false);
            }

            Log.SevenZipOneShard(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag);
        }

        return await jobs.StartStreamAsync(objectCreated, opened, target, rule, token).ConfigureAwait(false);
    }

    /// <summary>
    /// A 7z's folder ranges within Jobs:RangePlanningSeconds, or null when that passed first. Planning
    /// runs beside the wait because part of it does not look at a token (7zAES's key derivation, up to
    /// 2^24 SHA-256 rounds per password tried); a late plan is dropped, its fault observed and ignored.
    /// </summary>
    private Task<IReadOnlyList<ShardRange>?> PlanSevenZipRangesInTimeAsync(ArchiveSource source, CancellationToken token) =>
        BudgetRace.RunAsync(planToken => expansion.PlanSevenZipShardsAsync(source, jobs.ShardBytes, planToken), jobs.RangePlanningLimit, timeProvider, token);

    /// <summary>The end record's entry count for sizing the job; null (the job is sized by bytes alone) when the tail cannot tell.</summary>
    private async Task<long?> TryReadDeclaredEntriesAsync(ArchiveSource source, CancellationToken token)
    {
        try
        {
            return await expansion.ReadDeclaredEntriesAsync(source, token).ConfigureAwait(false);
        }
        catch (Exception e) when (ArchiveExpansion.TryReject(e, out _))
        {
            // A tail the directory reader would reject: the shards read it and reject the job.
            return null;
        }
    }

    /// <summary>
    /// The one place an inline run meets the request budget (decision 0017): runs it under a token that is
    /// cancelled at what is left of the budget; its result, or null when the budget cut it short and the
    /// archive goes to a job. A run cut short may end as a rejection from a decoder it interrupted, so
    /// after the cut only a finished expansion is believed (a real rejection is found again by the job).
    /// </summary>
    private async Task<ArchiveExpansionResult?> WithinBudgetAsync(ObjectCreatedEvent objectCreated, ArchiveSource source, long started, Func<CancellationToken, Task<ArchiveExpansionResult>> expand, CancellationToken token)
    {
        using var inline = CancellationTokenSource.CreateLinkedTokenSource(token);
        var run = expand(inline.Token);
        var left = jobs.RequestBudget - timeProvider.GetElapsedTime(started);
        var budget = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, timeProvider, token);
        if (await Task.WhenAny(run, budget).ConfigureAwait(false) != run)
        {
            await inline.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            var result = await run.ConfigureAwait(false);
            if (!inline.IsCancellationRequested || result is ArchiveExpanded)
            {
                return result;
            }
        }
        catch (Exception) when (inline.IsCancellationRequested && !token.IsCancellationRequested)
        {
            // Cut at the budget: whatever the interrupted run threw (a cancellation, or a decoder's error
            // about the read it lost) is taken as the cut's doing. That is safe even when the error was
            // real (a corrupt entry met just as the budget ran out, a store refusal): nothing is recorded
            // from it, and the job reads the same archive version again, meets the same error and rejects
            // the job (rejection record, failed completion event); it costs only the job's start. The
            // filter lets a shutdown (the outer token) through as before.
        }

        var jobId = JobRecord.IdFor(source.Bucket, source.Key, source.Version.ETag);
        Log.InlineHandedToJob(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, (long)jobs.RequestBudget.TotalMilliseconds, jobId);
        return null;
    }

    private async Task<ExpansionOutcome> FinishAsync(ObjectCreatedEvent objectCreated, ArchiveSource source, ArchiveRoute route, ArchiveExpansionResult result, CancellationToken token)
    {
        var outputFolder = route.OutputFolder;
        var outputBucket = RuleExpansion.OutputBucketOf(route, source.Bucket);
        ExpansionOutcome outcome = result switch
        {
            ArchiveExpanded expanded => new ExpandedOutcome(objectCreated, expanded.Report),
            ArchiveRejected rejected => new RejectedOutcome(objectCreated, KindOf(rejected), rejected.Reason, rejected.Entries) { Code = rejected.Code, Key = source.Key },
            _ => throw new InvalidOperationException($"Unknown engine result {result.GetType().Name}."),
        };
        if (result is ArchiveExpanded written)
        {
            var manifest = ExpansionManifest.From(written.Report, timeProvider.GetUtcNow());
            await manifests.WriteAsync(outputBucket, manifest with { Summary = manifest.Summary with { Rule = route.Rule.Name } }, token).ConfigureAwait(false);
            await ruleExpansion.DisposeSourceAsync(objectCreated.EventId, source, route.Rule, token).ConfigureAwait(false);
        }
        else if (outcome is RejectedOutcome rejected)
        {
            await RecordRejectionAsync(objectCreated, source, outputBucket, outputFolder, rejected, token).ConfigureAwait(false);
        }

        completions.Publish(outcome);
        return outcome;
    }

    private static RejectionKind KindOf(ArchiveRejected rejected) =>
        rejected.Code == ArchiveRejectionCodes.StoreRefused ? RejectionKind.StoreRefused : RejectionKind.InvalidArchive;

    /// <summary>
    /// Writes the rejection record. A store that refuses the record too (the reason the archive was
    /// rejected may be that very refusal) costs only the shortcut: a redelivery examines the archive
    /// again and gives the same answer.
    /// </summary>
    private async Task RecordRejectionAsync(ObjectCreatedEvent objectCreated, ArchiveSource source, string outputBucket, string outputFolder, RejectedOutcome rejected, CancellationToken cancellationToken)
    {
        var record = RejectionRecord.From(rejected, source.Bucket, source.Key, source.Version.ETag, timeProvider.GetUtcNow());
        try
        {
            await rejections.WriteAsync(outputBucket, outputFolder, record, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectRefusedException e)
        {
            Log.RejectionRecordNotWritten(logger, e, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag);
        }
    }

    private async Task<(ArchiveRoute Route, ObjectVersion? Version)> ResolveAsync(string bucket, IReadOnlyList<ArchiveRoute> candidates, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            var version = await store.TryGetVersionAsync(bucket, candidate.Key, cancellationToken).ConfigureAwait(false);
            if (version is not null)
            {
                return (candidate, version);
            }
        }

        return (candidates[0], null);
    }
}
