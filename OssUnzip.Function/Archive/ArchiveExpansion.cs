using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Collections;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// The expansion of one archive version, start to finish: read its central directory once through a
/// ranged stream, plan every entry, then write. Corrupt or hostile archives become
/// <see cref="RejectedOutcome"/>s; storage failures propagate. Knows nothing of delivery (routing,
/// duplicates, manifests): that is <see cref="Delivery.DeliveryExpander"/>'s job.
/// </summary>
internal sealed class ArchiveExpansion(
    IObjectStore store,
    ExpansionPlanner planner,
    ArchiveWriter writer,
    IOptions<ArchiveOptions> options,
    TimeProvider timeProvider,
    OssUnzipMetrics metrics,
    ILogger<ArchiveExpansion> logger)
{
    /// <summary>Far above what MaxEntries allows with sane names; a bigger directory is hostile.</summary>
    private const long MaxCentralDirectoryBytes = 256L << 20;

    public async Task<ExpansionOutcome> RunAsync(ObjectCreatedEvent objectCreated, ArchiveSource source, string outputFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectCreated);
        ArgumentNullException.ThrowIfNull(source);
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        Log.ExpansionStarted(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, source.Version.Length, outputFolder);
        try
        {
            var (layout, directoryRequests) = await ReadDirectoryAsync(source, cancellationToken).ConfigureAwait(false);
            var plan = planner.Plan(layout, outputFolder);
            var progress = new ExpansionProgressLog(logger, timeProvider, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag);
            var written = await writer.WriteAsync(source, layout, plan.Writes, progress, cancellationToken).ConfigureAwait(false);

            var report = new ExpansionReport(
                source.Bucket,
                source.Key,
                source.Version.ETag,
                source.Version.Length,
                outputFolder,
                written.ObjectsWritten,
                written.BytesWritten,
                plan.Directories,
                plan.Skipped,
                plan.Renamed,
                new ProjectedList<PlannedEntry, WrittenObject>(plan.Writes, static w => new WrittenObject(w.Key, w.Entry.UncompressedSize, w.Entry.Crc32)),
                startedAt,
                (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
                directoryRequests + written.GetRequests,
                written.PutRequests);
            Log.ExpansionCompleted(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, report.EntriesWritten, report.BytesWritten, report.Skipped.Count, report.DurationMs);
            return new ExpandedOutcome(objectCreated, report);
        }
        catch (ArchiveRejectedException e)
        {
            Log.ArchiveRejected(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return new RejectedOutcome(objectCreated, RejectionKind.InvalidArchive, e.Message, e.Entries) { Code = e.Code };
        }
        catch (EntryCorruptException e)
        {
            // Found while streaming (bad CRC, size, or compressed data): some objects may exist, but
            // no manifest is written, and the failure names the entry.
            Log.ArchiveRejected(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return new RejectedOutcome(objectCreated, RejectionKind.InvalidArchive, e.Message, e.EntryName is null ? [] : [e.EntryName]) { Code = ArchiveRejectionCodes.EntryDataCorrupt };
        }
        catch (EntryRefusedException e)
        {
            // The store will never hold this object (e.g. 400 KeyTooLongError): a permanent answer about
            // this archive in this store, never a retryable one (decision 0007).
            Log.ArchiveRejected(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return new RejectedOutcome(objectCreated, RejectionKind.StoreRefused, e.Message, e.EntryName is null ? [] : [e.EntryName]) { Code = ArchiveRejectionCodes.StoreRefused };
        }
        catch (InvalidDataException e)
        {
            // ZipArchive refused the (synthesized) directory or a local header outside any entry.
            Log.ArchiveRejected(logger, objectCreated.EventId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return new RejectedOutcome(objectCreated, RejectionKind.InvalidArchive, e.Message, []) { Code = ArchiveRejectionCodes.CorruptCentralDirectory };
        }
    }

    private async Task<(ZipLayout Layout, int Requests)> ReadDirectoryAsync(ArchiveSource source, CancellationToken cancellationToken)
    {
        var stream = new RangedReadStream(store, source.Bucket, source.Key, source.Version, RangedReadSettings.Default with { ReadAheadBytes = options.Value.ReadAheadBytes }, resumed: metrics.StorageResumed);
        await using (stream.ConfigureAwait(false))
        {
            var layout = await ZipDirectoryReader.ReadAsync(stream, options.Value.MaxEntries, MaxCentralDirectoryBytes, cancellationToken).ConfigureAwait(false);
            return (layout, stream.RequestCount);
        }
    }
}
