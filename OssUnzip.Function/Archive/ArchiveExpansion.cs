using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Streams;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Collections;
using OssUnzip.Function.Configuration;
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
    ZipPreflight preflight,
    IOptions<ArchiveOptions> options,
    TimeProvider timeProvider,
    OssUnzipMetrics metrics,
    ILogger<ArchiveExpansion> logger)
{
    /// <summary>Far above what MaxEntries allows with sane names; a bigger directory is hostile.</summary>
    private const long MaxCentralDirectoryBytes = 256L << 20;

    /// <param name="logId">Names this run in every log line (the pipeline passes the event id).</param>
    public Task<ArchiveExpansionResult> RunAsync(ArchiveSource source, string outputFolder, string logId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return RunAsync(source, new ExpansionTarget(source.Bucket, outputFolder), logId, cancellationToken);
    }

    /// <param name="target">Output bucket and folder and the rule's plan, overwrite and mtime choices.</param>
    /// <param name="logId">Names this run in every log line (the pipeline passes the event id).</param>
    public async Task<ArchiveExpansionResult> RunAsync(ArchiveSource source, ExpansionTarget target, string logId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(logId);
        var outputFolder = target.Folder;
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        Log.ExpansionStarted(logger, logId, source.Bucket, source.Key, source.Version.ETag, source.Version.Length, outputFolder);
        try
        {
            var (head, formatRequests) = await ArchiveHead.ReadAsync(store, source, metrics.StorageResumed, cancellationToken).ConfigureAwait(false);
            var format = ArchiveFormatResolver.Resolve(source.Key, ArchiveSignatures.Detect(head.Span));
            if (format.Container != ArchiveContainer.Zip)
            {
                var streamed = await ExpandStreamAsync(source, target, format, head, logId, startedAt, started, cancellationToken).ConfigureAwait(false);
                return new ArchiveExpanded(streamed with { GetRequests = streamed.GetRequests + formatRequests });
            }

            var (layout, directoryRequests) = await ReadDirectoryAsync(source, cancellationToken).ConfigureAwait(false);
            directoryRequests += formatRequests;
            var plan = planner.Plan(layout, outputFolder, target.Plan);
            var (writes, existing, headRequests) = await ApplyOverwritePolicyAsync(target, plan.Writes, cancellationToken).ConfigureAwait(false);
            var (passwords, preflightRequests) = await preflight.CheckAsync(source, layout, writes, cancellationToken).ConfigureAwait(false);
            directoryRequests += preflightRequests;
            var progress = new ExpansionProgressLog(logger, timeProvider, logId, source.Bucket, source.Key, source.Version.ETag);
            var written = await writer.WriteAsync(source, new WriteTarget(target.Bucket, target.WriteModifiedTime), layout, writes, progress, cancellationToken, passwords).ConfigureAwait(false);

            var report = new ExpansionReport(
                source.Bucket,
                source.Key,
                source.Version.ETag,
                source.Version.Length,
                outputFolder,
                written.ObjectsWritten,
                written.BytesWritten,
                plan.Directories,
                existing.Count == 0 ? plan.Skipped : [.. plan.Skipped, .. existing],
                plan.Renamed,
                new ProjectedList<PlannedEntry, WrittenObject>(writes, static w => new WrittenObject(w.Key, w.Entry.UncompressedSize, w.Entry.Crc32)),
                startedAt,
                (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
                directoryRequests + written.GetRequests,
                written.PutRequests)
            {
                NameEncodings = plan.NameEncodings,
                Notes = layout.Notes,
                OutputBucket = target.Bucket,
                HeadRequests = headRequests,
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

    private async Task<ExpansionReport> ExpandStreamAsync(ArchiveSource source, ExpansionTarget target, ArchiveFormat format, ReadOnlyMemory<byte> head, string logId, DateTimeOffset startedAt, long started, CancellationToken cancellationToken)
    {
        var outputFolder = target.Folder;
        var progress = new ExpansionProgressLog(logger, timeProvider, logId, source.Bucket, source.Key, source.Version.ETag);
        var result = await streams.RunAsync(source, target, format, head, progress, cancellationToken).ConfigureAwait(false);
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
            OutputBucket = target.Bucket,
            HeadRequests = result.HeadRequests,
        };
        Log.ExpansionCompleted(logger, logId, source.Bucket, source.Key, source.Version.ETag, report.EntriesWritten, report.BytesWritten, report.Skipped.Count, report.DurationMs);
        return report;
    }

    /// <summary>
    /// overwrite: every planned write. skip-existing: HEAD every target (bounded by
    /// Archive:UploadConcurrency) and leave out, and list, the ones that exist. fail: the same HEADs, and
    /// the archive is rejected before anything is written when any target exists.
    /// </summary>
    private async Task<(IReadOnlyList<PlannedEntry> Writes, IReadOnlyList<EntryNote> Existing, int HeadRequests)> ApplyOverwritePolicyAsync(
        ExpansionTarget target, IReadOnlyList<PlannedEntry> writes, CancellationToken cancellationToken)
    {
        if (target.Overwrite == OverwritePolicy.Overwrite || writes.Count == 0)
        {
            return (writes, [], 0);
        }

        var exists = new bool[writes.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, writes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.UploadConcurrency, CancellationToken = cancellationToken },
            async (i, token) => exists[i] = await store.TryGetVersionAsync(target.Bucket, writes[i].Key, token).ConfigureAwait(false) is not null).ConfigureAwait(false);
        var existing = Enumerable.Range(0, writes.Count).Where(i => exists[i]).Select(i => writes[i]).ToList();
        if (existing.Count > 0 && target.Overwrite == OverwritePolicy.Fail)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.TargetExists,
                string.Create(CultureInfo.InvariantCulture, $"{existing.Count} of {writes.Count} target objects already exist in bucket '{target.Bucket}' and the rule's overwrite policy is fail; nothing was written."),
                [.. existing.Take(MaxNamedTargets).Select(w => w.Name)]);
        }

        var notes = existing.Select(w => new EntryNote(w.Name, "the target object already exists (overwrite policy skip-existing)", w.Key) { Code = EntryNoteCodes.TargetExists }).ToList();
        return ([.. Enumerable.Range(0, writes.Count).Where(i => !exists[i]).Select(i => writes[i])], notes, writes.Count);
    }

    /// <summary>A fail-policy rejection names this many existing targets at most.</summary>
    private const int MaxNamedTargets = 100;

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
