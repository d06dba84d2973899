using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.SevenZip;
using OssUnzip.Function.Archive.Streams;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Collections;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// The expansion of one archive version, start to finish: read its head and decide its format; a ZIP's
/// central directory is read once through a ranged stream, every entry planned, then written (or, one
/// layer up, handed to a job's shards); any other format is expanded in one front-to-back pass (inline, or one layer
/// up as a stream job's one shard, decision 0031). The engine's entry point: it takes the archive version,
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
    SevenZipArchiveExpansion sevenZip,
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
        OpenedArchive opened;
        PlannedArchive planned;
        try
        {
            opened = await OpenAsync(source, cancellationToken).ConfigureAwait(false);
            if (!opened.IsZip)
            {
                return await ExpandStreamAsync(opened, target, logId, resume: null, cancellationToken).ConfigureAwait(false);
            }

            planned = await PlanAsync(opened, target, applyOverwritePolicy: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TryReject(e, out var rejected))
        {
            Log.ArchiveRejected(logger, logId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return rejected;
        }

        return await WriteAsync(planned, logId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the archive's first bytes (one small GET) and decides its format from them
    /// (<see cref="ArchiveFormatResolver"/>); nothing is planned or written. Throws
    /// <see cref="ArchiveRejectedException"/> for a format refused from its head (unsupported, mismatch,
    /// not an archive). A ZIP goes on to <see cref="PlanAsync(OpenedArchive, ExpansionTarget, bool, CancellationToken)"/>;
    /// any other format is read front to back by <see cref="ExpandStreamAsync"/> and cannot be planned
    /// ahead (decision 0020): past the request budget it becomes a job of one shard that reads it front
    /// to back again (decision 0031).
    /// </summary>
    public async Task<OpenedArchive> OpenAsync(ArchiveSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        var (head, requests) = await ArchiveHead.ReadAsync(store, source, metrics.StorageResumed, cancellationToken).ConfigureAwait(false);
        var format = ArchiveFormatResolver.Resolve(source.Key, ArchiveSignatures.Detect(head.Span));
        return new OpenedArchive(source, format, head, requests, startedAt, started);
    }

    /// <summary>
    /// Plans an opened ZIP (its head's GET is counted with the directory's); see
    /// <see cref="PlanAsync(ArchiveSource, ExpansionTarget, bool, CancellationToken)"/>.
    /// </summary>
    public async Task<PlannedArchive> PlanAsync(OpenedArchive opened, ExpansionTarget target, bool applyOverwritePolicy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opened);
        if (!opened.IsZip)
        {
            throw new InvalidOperationException($"'{opened.Source.Key}' is {opened.Format.Name}, read front to back; only a ZIP is planned ahead.");
        }

        var planned = await PlanAsync(opened.Source, target, applyOverwritePolicy, cancellationToken).ConfigureAwait(false);
        return planned with { DirectoryRequests = planned.DirectoryRequests + opened.Requests, StartedAt = opened.StartedAt };
    }

    /// <summary>
    /// Reads the central directory of a source known to be a ZIP (a job's shard: jobs are made for ZIPs
    /// only) once and plans every entry under the target's rule; nothing is written. With <paramref name="applyOverwritePolicy"/>, a skip-existing or fail rule HEADs every
    /// target first (fail rejects here). Throws <see cref="ArchiveRejectedException"/> (or
    /// <see cref="InvalidDataException"/>) for archives no retry can expand.
    /// </summary>
    public async Task<PlannedArchive> PlanAsync(ArchiveSource source, ExpansionTarget target, bool applyOverwritePolicy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var startedAt = timeProvider.GetUtcNow();
        var (layout, directoryRequests) = await ReadDirectoryAsync(source, cancellationToken).ConfigureAwait(false);
        var plan = planner.Plan(layout, target.Folder, target.Plan, cancellationToken);
        var (writes, existing, headRequests) = applyOverwritePolicy
            ? await ApplyOverwritePolicyAsync(source, target, plan.Writes, cancellationToken).ConfigureAwait(false)
            : (plan.Writes, [], 0);
        // Passwords and decoder dictionaries are checked before anything is written (decision 0028); a
        // job's shards plan again and come to the same choice.
        var (passwords, preflightRequests) = await preflight.CheckAsync(source, layout, writes, cancellationToken).ConfigureAwait(false);
        var planned = new PlannedArchive(source, target, layout, plan, writes, existing, headRequests, directoryRequests + preflightRequests, startedAt) { Passwords = passwords };
        ReleasePlanningGarbage(layout.Entries.Count);
        return planned;
    }

    /// <summary>A plan of this many entries or more is followed by one full collection (decision 0032).</summary>
    internal const int CollectAfterPlanningEntries = 10_000;

    /// <summary>
    /// Planning leaves scaffolding in proportion to the entries (decoded names, sanitized paths and keys,
    /// the lookup by path, sort buffers: about 25 MB still held for 72,000 entries, half of it on the
    /// large-object heap), dead by now but promoted; writing then promotes so little that no full
    /// collection comes for minutes, and the process carries it all that time. One blocking, compacting
    /// collection here, which also gives the freed memory back, costs tens of milliseconds once per plan
    /// (docs/decisions/0032-one-collection-after-planning.md).
    /// </summary>
    private static void ReleasePlanningGarbage(int entries)
    {
        if (entries >= CollectAfterPlanningEntries)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    /// <summary>Writes every planned entry (the inline expansion): <see cref="ArchiveExpanded"/>, or <see cref="ArchiveRejected"/> for data found corrupt while streaming.</summary>
    public async Task<ArchiveExpansionResult> WriteAsync(PlannedArchive planned, string logId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(logId);
        var source = planned.Source;
        var started = timeProvider.GetTimestamp();
        Log.ExpansionStarted(logger, logId, source.Bucket, source.Key, source.Version.ETag, source.Version.Length, planned.OutputFolder);
        try
        {
            var written = await WriteEntriesAsync(planned, planned.Writes, logId, cancellationToken).ConfigureAwait(false);
            var report = ReportFor(planned, written, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
            Log.ExpansionCompleted(logger, logId, source.Bucket, source.Key, source.Version.ETag, report.EntriesWritten, report.BytesWritten, report.Skipped.Count, report.DurationMs);
            return new ArchiveExpanded(report);
        }
        catch (Exception e) when (TryReject(e, out var rejected))
        {
            Log.ArchiveRejected(logger, logId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return rejected;
        }
    }

    /// <summary>
    /// Writes some of the planned entries (a shard's batch) with the one writer and memory bound;
    /// failures propagate (<see cref="TryReject"/> tells the permanent ones).
    /// </summary>
    public Task<WriteResult> WriteEntriesAsync(PlannedArchive planned, IReadOnlyList<PlannedEntry> writes, string logId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var source = planned.Source;
        var progress = new ExpansionProgressLog(logger, timeProvider, logId, source.Bucket, source.Key, source.Version.ETag);
        return writer.WriteAsync(source, new WriteTarget(planned.Target.Bucket, planned.Target.WriteModifiedTime), planned.Layout, writes, progress, cancellationToken, planned.Passwords);
    }

    /// <summary>The report of an expansion whose every planned write was written, with these totals.</summary>
    public static ExpansionReport ReportFor(PlannedArchive planned, WriteResult written, long durationMs)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(written);
        var (source, plan) = (planned.Source, planned.Plan);
        return new ExpansionReport(
            source.Bucket,
            source.Key,
            source.Version.ETag,
            source.Version.Length,
            planned.OutputFolder,
            written.ObjectsWritten,
            written.BytesWritten,
            plan.Directories,
            planned.Existing.Count == 0 ? plan.Skipped : [.. plan.Skipped, .. planned.Existing],
            plan.Renamed,
            new ProjectedList<PlannedEntry, WrittenObject>(planned.Writes, static w => new WrittenObject(w.Key, w.Entry.UncompressedSize, w.Entry.Crc32)),
            planned.StartedAt,
            durationMs,
            planned.DirectoryRequests + written.GetRequests,
            written.PutRequests)
        {
            NameEncodings = plan.NameEncodings,
            Notes = planned.Layout.Notes,
            OutputBucket = planned.Target.Bucket,
            HeadRequests = planned.HeadRequests,
        };
    }

    /// <summary>
    /// True for a failure no retry can change, with the rejection it means: a hostile or corrupt archive
    /// (from the directory or found while streaming: bad CRC, size or data; some objects may exist, but no
    /// manifest is written, and the failure names the entry), or the store's permanent refusal of an
    /// object (decision 0014).
    /// </summary>
    public static bool TryReject(Exception e, out ArchiveRejected rejected)
    {
        rejected = e switch
        {
            ArchiveRejectedException r => new ArchiveRejected(r.Code, r.Message, r.Entries),
            EntryCorruptException c => new ArchiveRejected(ArchiveRejectionCodes.EntryDataCorrupt, c.Message, c.EntryName is null ? [] : [c.EntryName]),
            EntryRefusedException f => new ArchiveRejected(ArchiveRejectionCodes.StoreRefused, f.Message, f.EntryName is null ? [] : [f.EntryName]),
            // ZipArchive refused the (synthesized) directory or a local header outside any entry.
            InvalidDataException d => new ArchiveRejected(ArchiveRejectionCodes.CorruptCentralDirectory, d.Message, []),
            _ => null!,
        };
        return rejected is not null;
    }

    /// <summary>
    /// Expands an opened archive that is not a ZIP (tar family, gzip, 7z) in one front-to-back pass (inline,
    /// or as a stream job's one shard): <see cref="ArchiveExpanded"/>, or <see cref="ArchiveRejected"/> for
    /// what no retry can change.
    /// </summary>
    /// <param name="resume">A stream job's shard: objects an earlier run completed are read but not written again, and the completed prefix is reported (decision 0031); null inline.</param>
    public async Task<ArchiveExpansionResult> ExpandStreamAsync(OpenedArchive opened, ExpansionTarget target, string logId, SequentialResume? resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(logId);
        var (source, format) = (opened.Source, opened.Format);
        Log.ExpansionStarted(logger, logId, source.Bucket, source.Key, source.Version.ETag, source.Version.Length, target.Folder);
        try
        {
            var progress = new ExpansionProgressLog(logger, timeProvider, logId, source.Bucket, source.Key, source.Version.ETag);
            var result = format.Container == ArchiveContainer.SevenZip
                ? await sevenZip.RunAsync(source, target, progress, resume, cancellationToken).ConfigureAwait(false)
                : await streams.RunAsync(source, target, format, opened.Head, progress, resume, cancellationToken).ConfigureAwait(false);
            var report = StreamReportFor(source, target, format, result, opened.StartedAt, (long)timeProvider.GetElapsedTime(opened.Started).TotalMilliseconds, opened.Requests);
            Log.ExpansionCompleted(logger, logId, source.Bucket, source.Key, source.Version.ETag, report.EntriesWritten, report.BytesWritten, report.Skipped.Count, report.DurationMs);
            return new ArchiveExpanded(report);
        }
        catch (Exception e) when (TryReject(e, out var rejected))
        {
            Log.ArchiveRejected(logger, logId, source.Bucket, source.Key, source.Version.ETag, e.Message);
            return rejected;
        }
    }

    /// <summary>The report of a front-to-back expansion (inline, a stream job's shard, or a 7z job's merged ranges).</summary>
    private static ExpansionReport StreamReportFor(ArchiveSource source, ExpansionTarget target, ArchiveFormat format, StreamExpansionResult result, DateTimeOffset startedAt, long durationMs, int openRequests) =>
        new(
            source.Bucket,
            source.Key,
            source.Version.ETag,
            source.Version.Length,
            target.Folder,
            result.Written.ObjectsWritten,
            result.Written.BytesWritten,
            result.Plan.Directories,
            result.Plan.Skipped,
            result.Plan.Renamed,
            result.Plan.Objects,
            startedAt,
            durationMs,
            openRequests + result.GetRequests + result.Written.GetRequests,
            result.Written.PutRequests)
        {
            Format = format.Name,
            NameEncodings = result.Plan.NameEncodings,
            OutputBucket = target.Bucket,
            HeadRequests = result.HeadRequests,
        };

    /// <summary>A 7z job's shards, one per folder range (decisions 0035, 0042: an encrypted header is opened with Archive:Passwords, whose rejections propagate); null when it holds no folder.</summary>
    public Task<IReadOnlyList<ShardRange>?> PlanSevenZipShardsAsync(ArchiveSource source, long targetWeight, CancellationToken cancellationToken) =>
        sevenZip.PlanShardsAsync(source, targetWeight, cancellationToken);

    /// <summary>Writes a 7z job shard's folder range (decision 0035); failures propagate (<see cref="TryReject"/> tells the permanent ones).</summary>
    public Task<WriteResult> WriteSevenZipRangeAsync(ArchiveSource source, ExpansionTarget target, SevenZipFolderRange range, string logId, SequentialResume? resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var progress = new ExpansionProgressLog(logger, timeProvider, logId, source.Bucket, source.Key, source.Version.ETag);
        return sevenZip.WriteRangeAsync(source, target, range, progress, resume, cancellationToken);
    }

    /// <summary>A 7z job's merged report: the whole header's decisions (as inline) with the shards' <paramref name="totals"/>.</summary>
    public async Task<ExpansionReport> SevenZipRangesReportAsync(ArchiveSource source, ExpansionTarget target, WriteResult totals, DateTimeOffset startedAt, long durationMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var result = await sevenZip.ReportRangesAsync(source, target, totals, cancellationToken).ConfigureAwait(false);
        return StreamReportFor(source, target, ArchiveFormat.SevenZip, result, startedAt, durationMs, 0);
    }

    /// <summary>
    /// overwrite: every planned write. skip-existing: HEAD every target (bounded by
    /// Archive:UploadConcurrency) and leave out, and list, the ones that exist. fail: the same HEADs, and
    /// the archive is rejected before anything is written when any target exists. An object this source
    /// version wrote itself does not count as existing (<see cref="TargetOwnership"/>, decision 0039): a
    /// job's shards apply skip-existing to each batch with this, and its finisher to the whole plan.
    /// </summary>
    public async Task<(IReadOnlyList<PlannedEntry> Writes, IReadOnlyList<EntryNote> Existing, int HeadRequests)> ApplyOverwritePolicyAsync(
        ArchiveSource source, ExpansionTarget target, IReadOnlyList<PlannedEntry> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(writes);
        if (target.Overwrite == OverwritePolicy.Overwrite || writes.Count == 0)
        {
            return (writes, [], 0);
        }

        var exists = await TargetOwnership.FindPreexistingAsync(store, source, target.Bucket, [.. writes.Select(w => w.Key)], options.Value.UploadConcurrency, cancellationToken).ConfigureAwait(false);
        var existing = Enumerable.Range(0, writes.Count).Where(i => exists[i]).Select(i => writes[i]).ToList();
        if (existing.Count > 0 && target.Overwrite == OverwritePolicy.Fail)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.TargetExists,
                string.Create(CultureInfo.InvariantCulture, $"{existing.Count} of {writes.Count} target objects already exist in bucket '{target.Bucket}' and the rule's overwrite policy is fail; nothing was written."),
                [.. existing.Take(MaxNamedTargets).Select(w => w.Name)]);
        }

        var notes = existing.Select(w => new EntryNote(w.Name, TargetOwnership.SkipExistingReason, w.Key) { Code = EntryNoteCodes.TargetExists }).ToList();
        return ([.. Enumerable.Range(0, writes.Count).Where(i => !exists[i]).Select(i => writes[i])], notes, writes.Count);
    }

    /// <summary>A fail-policy rejection names this many existing targets at most.</summary>
    private const int MaxNamedTargets = 100;

    /// <summary>The entry count declared by the end record the directory reader would choose, without reading its directory (one tail GET, and a 4-byte read per candidate whose directory lies before the tail: decision 0043): sizes a job whose shards plan for themselves (decision 0036); null when no end record places a directory.</summary>
    public async Task<long?> ReadDeclaredEntriesAsync(ArchiveSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var stream = new RangedReadStream(store, source, RangedReadSettings.Default with { ReadAheadBytes = options.Value.ReadAheadBytes }, resumed: metrics.StorageResumed);
        await using (stream.ConfigureAwait(false))
        {
            return await ZipDirectoryReader.ReadDeclaredEntriesAsync(stream, cancellationToken).ConfigureAwait(false);
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
