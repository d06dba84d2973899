using Microsoft.Extensions.Logging;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Turns at-least-once delivery into one complete expansion per archive version: route the event
/// (before any storage call), find the object (HEAD), then — once per bucket/key/ETag in this process
/// (single flight) — skip it if its manifest already records this ETag, else expand and write the
/// manifest last. Expansions run under the shutdown coordinator's token, so they survive a caller that
/// hangs up and stop cleanly after the grace period. Ends are announced as completion events.
/// </summary>
internal sealed class ExpansionPipeline(
    EventRouter router,
    IObjectStore store,
    ArchiveExpansion expansion,
    ManifestStore manifests,
    ShutdownCoordinator shutdown,
    CompletionPublisher completions,
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

        using var lease = shutdown.Enter();
        var (route, version) = await ResolveAsync(objectCreated.Bucket, decision.Candidates, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            Log.SourceMissing(logger, objectCreated.EventId, objectCreated.Bucket, objectCreated.Key, decision.Candidates.Count);
            var missing = new RejectedOutcome(objectCreated, RejectionKind.SourceMissing, $"'{objectCreated.Key}' does not exist in bucket '{objectCreated.Bucket}' (deleted or renamed after the event).", []);
            completions.Publish(missing);
            return missing;
        }

        var source = new ArchiveSource(objectCreated.Bucket, route.Key, version);
        var outcome = await _flights.RunAsync(
            (source.Bucket, source.Key, version.ETag),
            () => ExpandOnceAsync(objectCreated, source, route.OutputFolder),
            cancellationToken).ConfigureAwait(false);
        return outcome.Event == objectCreated ? outcome : outcome with { Event = objectCreated };
    }

    private async Task<ExpansionOutcome> ExpandOnceAsync(ObjectCreatedEvent objectCreated, ArchiveSource source, string outputFolder)
    {
        using var lease = shutdown.Enter();
        var token = shutdown.ExpansionToken;
        var existing = await manifests.TryReadSummaryAsync(source.Bucket, outputFolder, token).ConfigureAwait(false);
        if (existing is not null && existing.Source.ETag == source.Version.ETag && existing.Source.Key == source.Key)
        {
            Log.AlreadyExpanded(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag);
            return new AlreadyExpandedOutcome(objectCreated, source.Bucket, source.Key, source.Version.ETag, outputFolder, existing.Objects, existing.CompletedAt);
        }

        var result = await expansion.RunAsync(source, outputFolder, objectCreated.EventId, token).ConfigureAwait(false);
        ExpansionOutcome outcome = result switch
        {
            ArchiveExpanded expanded => new ExpandedOutcome(objectCreated, expanded.Report),
            ArchiveRejected rejected => new RejectedOutcome(objectCreated, RejectionKind.InvalidArchive, rejected.Reason, rejected.Entries) { Code = rejected.Code, Key = source.Key },
            _ => throw new InvalidOperationException($"Unknown engine result {result.GetType().Name}."),
        };
        if (result is ArchiveExpanded written)
        {
            await manifests.WriteAsync(source.Bucket, ExpansionManifest.From(written.Report, timeProvider.GetUtcNow()), token).ConfigureAwait(false);
        }

        completions.Publish(outcome);
        return outcome;
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
