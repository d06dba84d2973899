using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Streams;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Collections;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// The expansion of one archive version, start to finish: read its central directory once through a
/// ranged stream, plan every entry, then write. The engine's entry point: it takes the archive version,
/// the output folder and an id for its log lines, and answers <see cref="ArchiveExpanded"/> or, for
/// corrupt or hostile archives, <see cref="ArchiveRejected"/>; storage failures propagate. Knows nothing
/// of events, routing, duplicates or manifests: that is the expansion pipeline's job, one layer up.
/// </summary>
internal sealed class ArchiveExpansion(
    IObjectStore store,
    ExpansionPlanner planner,
    ArchiveWriter writer,
    StreamArchiveExpansion streams,
    IOptions<ArchiveOptions> options,
    TimeProvider timeProvider,
    OssUnzipMetrics metrics,
    ILogger<ArchiveExpansion> logger)
{
    /// <summary>Far above what MaxEntries allows with sane names; a bigger directory is hostile.</summary>
    private const long MaxCentralDirectoryBytes = 256L << 20;

    /// <param name="logId">Names this run in every log line (the pipeline passes the event id).</param>
    public async Task<ArchiveExpansionResult> RunAsync(ArchiveSource source, string outputFolder, string logId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(logId);
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        Log.ExpansionStarted(logger, logId, source.Bucket, source.Key, source.Version.ETag, source.Version.Length, outputFolder);
        try
        {
            var (head, headRequests) = await ReadHeadAsync(source, cancellationToken).ConfigureAwait(false);
            var format = ArchiveFormatResolver.Resolve(source.Key, ArchiveSignatures.Detect(head.Span));
            if (format.Container != ArchiveContainer.Zip)
            {
                var streamed = await ExpandStreamAsync(source, format, head, outputFolder, logId, startedAt, started, cancellationToken).ConfigureAwait(false);
                return new ArchiveExpanded(streamed with { GetRequests = streamed.GetRequests + headRequests });
            }

            var (layout, directoryRequests) = await ReadDirectoryAsync(source, cancellationToken).ConfigureAwait(false);
            directoryRequests += headRequests;
            var plan = planner.Plan(layout, outputFolder);
            var progress = new ExpansionProgressLog(logger, timeProvider, logId, source.Bucket, source.Key, source.Version.ETag);
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
                written.PutRequests)
            {
                NameEncodings = plan.NameEncodings,
                Notes = layout.Notes,
            };
            Log.ExpansionCompleted(logger, logId, source.Bucket, source.Key, source.Version.ETag, report.EntriesWritten, report.BytesWritten, report.Skipped.Count, report.DurationMs);
            return new ArchiveExpanded(report);
        }
        catch (ArchiveRejectedException e)
        {
            Log.ArchiveRejected(logger, logId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return new ArchiveRejected(e.Code, e.Message, e.Entries);
        }
        catch (EntryCorruptException e)
        {
            // Found while streaming (bad CRC, size, or compressed data): some objects may exist, but
            // no manifest is written, and the failure names the entry.
            Log.ArchiveRejected(logger, logId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return new ArchiveRejected(ArchiveRejectionCodes.EntryDataCorrupt, e.Message, e.EntryName is null ? [] : [e.EntryName]);
        }
        catch (EntryRefusedException e)
        {
            // The store will never hold this object (e.g. 400 KeyTooLongError): a permanent answer about
            // this archive in this store, never a retryable one (decision 0014).
            Log.ArchiveRejected(logger, logId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return new ArchiveRejected(ArchiveRejectionCodes.StoreRefused, e.Message, e.EntryName is null ? [] : [e.EntryName]);
        }
        catch (InvalidDataException e)
        {
            // ZipArchive refused the (synthesized) directory or a local header outside any entry.
            Log.ArchiveRejected(logger, logId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return new ArchiveRejected(ArchiveRejectionCodes.CorruptCentralDirectory, e.Message, []);
        }
    }

    private async Task<ExpansionReport> ExpandStreamAsync(ArchiveSource source, ArchiveFormat format, ReadOnlyMemory<byte> head, string outputFolder, string logId, DateTimeOffset startedAt, long started, CancellationToken cancellationToken)
    {
        var progress = new ExpansionProgressLog(logger, timeProvider, logId, source.Bucket, source.Key, source.Version.ETag);
        var result = await streams.RunAsync(source, format, head, outputFolder, progress, cancellationToken).ConfigureAwait(false);
        var report = new ExpansionReport(
            source.Bucket,
            source.Key,
            source.Version.ETag,
            source.Version.Length,
            outputFolder,
            result.Written.ObjectsWritten,
            result.Written.BytesWritten,
            result.Plan.Directories,
            result.Plan.Skipped,
            result.Plan.Renamed,
            result.Plan.Objects,
            startedAt,
            (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
            result.GetRequests + result.Written.GetRequests,
            result.Written.PutRequests)
        {
            Format = format.Name,
            NameEncodings = result.Plan.NameEncodings,
        };
        Log.ExpansionCompleted(logger, logId, source.Bucket, source.Key, source.Version.ETag, report.EntriesWritten, report.BytesWritten, report.Skipped.Count, report.DurationMs);
        return report;
    }

    /// <summary>The first bytes, enough for every signature (<see cref="ArchiveSignatures.HeadBytes"/>): one small ranged GET.</summary>
    private async Task<(ReadOnlyMemory<byte> Head, int Requests)> ReadHeadAsync(ArchiveSource source, CancellationToken cancellationToken)
    {
        var length = (int)Math.Min(ArchiveSignatures.HeadBytes, source.Version.Length);
        var stream = new RangedReadStream(store, source, RangedReadSettings.Default with { ReadAheadBytes = Math.Max(length, 1) }, resumed: metrics.StorageResumed);
        await using (stream.ConfigureAwait(false))
        {
            var head = new byte[length];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            return (head, stream.RequestCount);
        }
    }

    private async Task<(ZipLayout Layout, int Requests)> ReadDirectoryAsync(ArchiveSource source, CancellationToken cancellationToken)
    {
        var stream = new RangedReadStream(store, source, RangedReadSettings.Default with { ReadAheadBytes = options.Value.ReadAheadBytes }, resumed: metrics.StorageResumed);
        await using (stream.ConfigureAwait(false))
        {
            var layout = await ZipDirectoryReader.ReadAsync(stream, options.Value.MaxEntries, MaxCentralDirectoryBytes, cancellationToken).ConfigureAwait(false);
            return (layout, stream.RequestCount);
        }
    }
}
