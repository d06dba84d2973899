using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// The expansion of one archive, start to finish: route the event, find the object (HEAD), read its
/// central directory once through a ranged stream, plan every entry, then write. Corrupt or hostile
/// archives become <see cref="RejectedOutcome"/>s; storage failures propagate.
/// </summary>
internal sealed class ArchiveExpander(
    EventRouter router,
    IObjectStore store,
    ExpansionPlanner planner,
    ArchiveWriter writer,
    IOptions<ArchiveOptions> options,
    TimeProvider timeProvider,
    ILogger<ArchiveExpander> logger) : IArchiveExpander
{
    /// <summary>Far above what MaxEntries allows with sane names; a bigger directory is hostile.</summary>
    private const long MaxCentralDirectoryBytes = 256L << 20;

    public async Task<ExpansionOutcome> ExpandAsync(ObjectCreatedEvent objectCreated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectCreated);
        var decision = router.Route(objectCreated);
        if (decision.IgnoreReason is { } reason)
        {
            Log.EventIgnored(logger, objectCreated.EventId, objectCreated.Bucket, objectCreated.Key, reason);
            return new IgnoredOutcome(objectCreated, reason);
        }

        var (key, version) = await ResolveAsync(objectCreated.Bucket, decision.CandidateKeys, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            Log.SourceMissing(logger, objectCreated.EventId, objectCreated.Bucket, objectCreated.Key, decision.CandidateKeys.Count);
            return new RejectedOutcome(objectCreated, RejectionKind.SourceMissing, $"'{objectCreated.Key}' does not exist in bucket '{objectCreated.Bucket}' (deleted or renamed after the event).", []);
        }

        var outputFolder = router.OutputFolderFor(key);
        var started = timeProvider.GetTimestamp();
        Log.ExpansionStarted(logger, objectCreated.EventId, objectCreated.Bucket, key, version.ETag, version.Length, outputFolder);
        try
        {
            var source = new ArchiveSource(objectCreated.Bucket, key, version);
            var (layout, directoryRequests) = await ReadDirectoryAsync(source, cancellationToken).ConfigureAwait(false);
            var plan = planner.Plan(layout, outputFolder);
            var written = await writer.WriteAsync(source, layout, plan.Writes, cancellationToken).ConfigureAwait(false);

            var report = new ExpansionReport(
                objectCreated.Bucket,
                key,
                version.ETag,
                outputFolder,
                written.ObjectsWritten,
                written.BytesWritten,
                plan.Directories,
                plan.Skipped,
                plan.Renamed,
                (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
                directoryRequests + written.GetRequests,
                written.PutRequests);
            Log.ExpansionCompleted(logger, objectCreated.EventId, objectCreated.Bucket, key, version.ETag, report.EntriesWritten, report.BytesWritten, report.Skipped.Count, report.DurationMs);
            return new ExpandedOutcome(objectCreated, report);
        }
        catch (ArchiveRejectedException e)
        {
            Log.ArchiveRejected(logger, objectCreated.EventId, objectCreated.Bucket, key, version.ETag, e.Message);
            return new RejectedOutcome(objectCreated, RejectionKind.InvalidArchive, e.Message, e.Entries);
        }
        catch (Exception e) when (e is InvalidDataException or EntryCorruptException)
        {
            // Found while streaming (bad CRC, size, or compressed data): some objects may exist, but
            // the run is not complete and is reported as a failure naming the entry.
            Log.ArchiveRejected(logger, objectCreated.EventId, objectCreated.Bucket, key, version.ETag, e.Message);
            return new RejectedOutcome(objectCreated, RejectionKind.InvalidArchive, e.Message, []);
        }
    }

    private async Task<(string Key, ObjectVersion? Version)> ResolveAsync(string bucket, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            var version = await store.TryGetVersionAsync(bucket, candidate, cancellationToken).ConfigureAwait(false);
            if (version is not null)
            {
                return (candidate, version);
            }
        }

        return (candidates[0], null);
    }

    private async Task<(ZipLayout Layout, int Requests)> ReadDirectoryAsync(ArchiveSource source, CancellationToken cancellationToken)
    {
        var stream = new RangedReadStream(store, source.Bucket, source.Key, source.Version, RangedReadSettings.Default with { ReadAheadBytes = options.Value.ReadAheadBytes });
        await using (stream.ConfigureAwait(false))
        {
            var layout = await ZipDirectoryReader.ReadAsync(stream, options.Value.MaxEntries, MaxCentralDirectoryBytes, cancellationToken).ConfigureAwait(false);
            return (layout, stream.RequestCount);
        }
    }
}
