using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.SevenZip;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;
using SharpCompress.Archives;
using SharpCompress.Archives.SevenZip;
using SharpCompress.Common;
using SharpCompress.Readers;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// Expands a 7z archive: its header (at the end) is read through the seekable ranged view and checked
/// by <see cref="SevenZipHeaderReader"/> (methods, dictionaries, CRCs) before SharpCompress opens it;
/// then SharpCompress's entry reader decodes each folder (solid block) once, front to back, in pack
/// order, and each file goes to the <see cref="ArchiveWriter"/>'s sequential run with the header's
/// CRC-32 checked before its last byte is uploaded. The planner, sanitizer, limits, reports and
/// manifest are the tar family's (<see cref="StreamEntryPlanner"/>), with the whole archive's declared
/// sizes checked against Archive:MaxTotalUncompressedBytes and the ratio limit before anything is
/// written. Encrypted archives (7zAES) get a password from <see cref="IArchivePasswords"/>, verified
/// before anything is written (decision 0029).
/// A 7z job sharded by folder range (decision 0035) goes through <see cref="PlanShardsAsync"/>,
/// <see cref="WriteRangeAsync"/> and <see cref="ReportRangesAsync"/>: each shard decides every name from the
/// WHOLE header exactly as an inline run would (same planner, same order: the same sanitizing, renames,
/// skips and later-wins for duplicate keys) and writes only the files its range owns that stand at the
/// end, decoding only its range through a <see cref="SevenZipSubArchive"/>. A file replaced by a later one
/// of the same key is written by no shard (an inline run writes it, then overwrites it), so whichever
/// shard finishes first, the later file stays. Under skip-existing a shard looks up each target just
/// before writing it and the report looks up every target again, listing the preexisting ones as inline
/// would; an encrypted header is opened with Archive:Passwords as a sub-archive of its own folder
/// (decision 0042).
/// </summary>
internal sealed class SevenZipArchiveExpansion(IObjectStore store, ArchiveWriter writer, IArchivePasswords passwords, IOptions<ArchiveOptions> options, OssUnzipMetrics metrics)
{
    /// <summary>A 7z header larger than this (packed or decoded) is refused as hostile, like a ZIP's directory.</summary>
    internal const long MaxHeaderBytes = 256L << 20;

    /// <summary>
    /// How much of the first encrypted file a password must decode to be taken: the whole file, checked
    /// against its CRC-32, when it is no larger; else this many bytes without a decoder error.
    /// </summary>
    internal const int PasswordCheckBytes = 1 << 20;

    private readonly ArchiveOptions _options = options.Value;

    /// <param name="resume">A stream job's shard: what an earlier run wrote, and where the completed prefix is reported; null inline.</param>
    public async Task<StreamExpansionResult> RunAsync(ArchiveSource source, ExpansionTarget target, IProgress<WriteProgress>? progress, SequentialResume? resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var settings = RangedReadSettings.Default with { ReadAheadBytes = _options.ReadAheadBytes };
        var raw = new SevenZipSourceStream(store, source, settings, metrics.StorageResumed);
        await using (raw.ConfigureAwait(false))
        {
            var header = await SevenZipHeaderReader.ReadAsync(raw, MaxHeaderBytes, _options.MaxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            var (password, checkRequests) = header.IsEncrypted ? await FindPasswordAsync(source, settings, cancellationToken).ConfigureAwait(false) : (null, 0);
            var archive = await SevenZipEntries.OpenAsync(raw, password, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var entries = await SevenZipEntries.ListAsync(archive).ConfigureAwait(false);
                SevenZipEntries.CheckDeclaredSizes(entries, source.Version.Length, _options);
                var planner = new StreamEntryPlanner(_options, target.Folder, target.Plan);
                var targets = new TargetCheck(store, source, target);
                var written = await writer.WriteSequentialAsync(
                    source,
                    new WriteTarget(target.Bucket, target.WriteModifiedTime),
                    (sink, token) => WriteEntriesAsync(archive, source.Version.Length, planner, targets, sink, token),
                    progress,
                    resume,
                    cancellationToken).ConfigureAwait(false);
                return new StreamExpansionResult(planner, written, checkRequests + raw.RequestCount, targets.HeadRequests);
            }
        }
    }

    private static async Task WriteEntriesAsync(IAsyncArchive archive, long archiveLength, StreamEntryPlanner planner, TargetCheck targets, ISequentialEntrySink sink, CancellationToken cancellationToken)
    {
        var reader = await OpenSolidReaderAsync(archive).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await MoveNextAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var name = planner.DeclaredName(entry.Key ?? string.Empty);
                if (SevenZipEntries.Skip(entry) is { } skip)
                {
                    planner.Skip(name, skip.Code, skip.Reason);
                    await DrainAsync(reader, entry, name, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // The whole archive's declared sizes were checked against its length before writing (CheckDeclaredSizes).
                if (planner.Plan(name, entry.IsDirectory, entry.Size, archiveLength) is not { } planned)
                {
                    await DrainAsync(reader, entry, name, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (planned.Replaces is { } earlier)
                {
                    await WaitQuietlyAsync(earlier).ConfigureAwait(false);
                }
                else if (!await targets.MayWriteAsync(planned, planner, cancellationToken).ConfigureAwait(false))
                {
                    await DrainAsync(reader, entry, name, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var content = await OpenEntryAsync(reader, name, cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    var declaredCrc = entry.Size > 0 ? (uint)entry.Crc : (uint?)null;
                    var write = await sink.WriteAsync(name, planned.Key, planned.ContentType, UnixSeconds(entry.LastModifiedTime), content, entry.Size, declaredCrc, cancellationToken).ConfigureAwait(false);
                    planner.Written(planned, entry.Size, write.Crc32, write.Upload);
                }
            }
        }
    }

    /// <summary>
    /// Tries Archive:Passwords in order on a fresh view of the archive: a password is taken when it opens
    /// the header (an encrypted header decodes and passes its CRC only under the right key) and decodes
    /// the first encrypted file (whole and CRC-checked up to <see cref="PasswordCheckBytes"/>, else its
    /// first <see cref="PasswordCheckBytes"/> without a decoder error). Nothing is written meanwhile.
    /// </summary>
    private async Task<(string Password, int Requests)> FindPasswordAsync(ArchiveSource source, RangedReadSettings settings, CancellationToken cancellationToken)
    {
        var candidates = passwords.Candidates;
        if (candidates.Count == 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.PasswordRequired, "The 7z archive is encrypted and Archive:Passwords is empty; nothing was written.");
        }

        var requests = 0;
        foreach (var candidate in candidates)
        {
            var view = new SevenZipSourceStream(store, source, settings with { ReadAheadBytes = PasswordCheckBytes }, metrics.StorageResumed);
            await using (view.ConfigureAwait(false))
            {
                var fits = await OpensAsync(view, candidate, cancellationToken).ConfigureAwait(false);
                requests += view.RequestCount;
                if (fits)
                {
                    return (candidate, requests);
                }
            }
        }

        throw new ArchiveRejectedException(
            ArchiveRejectionCodes.WrongPassword,
            string.Create(CultureInfo.InvariantCulture, $"None of the {candidates.Count} password(s) in Archive:Passwords decrypts the 7z archive (or its first encrypted block is corrupt: the two cannot be told apart); nothing was written."));
    }

    private static async Task<bool> OpensAsync(SevenZipSourceStream view, string password, CancellationToken cancellationToken)
    {
        var first = await TryReadFirstAsync(view, password, static e => !e.IsDirectory && e.Size > 0 && e.IsEncrypted, PasswordCheckBytes, cancellationToken).ConfigureAwait(false);
        return first switch
        {
            null => false,
            // No encrypted file holds data: the header opened, which is the check an encrypted header gives.
            { Entry: null } => true,
            { Entry: { } entry, Head: var head } => entry.Size > PasswordCheckBytes || System.IO.Hashing.Crc32.HashToUInt32(head) == (uint)entry.Crc,
        };
    }

    /// <summary>
    /// Opens <paramref name="view"/> with <paramref name="password"/> and decodes the first
    /// <paramref name="maxBytes"/> of the first entry <paramref name="which"/> takes (Entry null when none
    /// does); null when it does not open or decode, which is what a wrong password does.
    /// </summary>
    private static async Task<(IEntry? Entry, byte[] Head)?> TryReadFirstAsync(Stream view, string password, Func<IEntry, bool> which, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            var archive = await SevenZipArchive.OpenAsyncArchive(view, new ReaderOptions { Password = password, LeaveStreamOpen = true }, cancellationToken).ConfigureAwait(false);
            await using (archive.ConfigureAwait(false))
            {
                var reader = await archive.ExtractAllEntriesAsync().ConfigureAwait(false);
                await using var readerScope = reader.ConfigureAwait(false);
                while (await reader.MoveToNextEntryAsync(cancellationToken).ConfigureAwait(false))
                {
                    var entry = reader.Entry;
                    if (!which(entry))
                    {
                        continue;
                    }

                    var stream = await reader.OpenEntryStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        var head = new byte[(int)Math.Min(entry.Size, maxBytes)];
                        await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
                        return (entry, head);
                    }
                }

                return (null, []);
            }
        }
        catch (Exception e) when (SevenZipEntries.IsDecoderFailure(e) || e is EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>SharpCompress's solid reader over the archive (or a sub-archive): each folder decoded once, front to back.</summary>
    private static async Task<IAsyncReader> OpenSolidReaderAsync(IAsyncArchive archive)
    {
        try
        {
            return await archive.ExtractAllEntriesAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (SevenZipEntries.IsDecoderFailure(e))
        {
            throw new EntryCorruptException($"The 7z archive will not decode: {e.Message}", e);
        }
    }

    private static async Task<IEntry?> MoveNextAsync(IAsyncReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.MoveToNextEntryAsync(cancellationToken).ConfigureAwait(false) ? reader.Entry : null;
        }
        catch (Exception e) when (SevenZipEntries.IsDecoderFailure(e))
        {
            throw new EntryCorruptException($"The 7z archive will not decode: {e.Message}", e);
        }
    }

    private static async Task<Stream> OpenEntryAsync(IAsyncReader reader, string name, CancellationToken cancellationToken)
    {
        try
        {
            return new DecoderGuardStream(await reader.OpenEntryStreamAsync(cancellationToken).ConfigureAwait(false), "7z");
        }
        catch (Exception e) when (SevenZipEntries.IsDecoderFailure(e))
        {
            throw new EntryCorruptException(name, $"Entry '{name}' will not decode: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            // Only behind an encrypted header, whose coders SevenZipHeaderReader could not check.
            throw new ArchiveRejectedException(ArchiveRejectionCodes.UnsupportedEntries, $"Entry '{name}' uses a 7z method this service does not decode: {e.Message}", [name], e);
        }
    }

    /// <summary>
    /// Reads an entry that is not written through to its end: in a solid folder the next entry's bytes
    /// follow it in the one decoded stream, so it is decoded either way.
    /// </summary>
    private static async Task DrainAsync(IAsyncReader reader, IEntry entry, string name, CancellationToken cancellationToken)
    {
        if (entry.IsDirectory || entry.Size == 0)
        {
            return;
        }

        var content = await OpenEntryAsync(reader, name, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            var buffer = new byte[64 << 10];
            while (await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
    }

    private static long? UnixSeconds(DateTime? time) => time is { } t
        ? new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime()).ToUnixTimeSeconds()
        : null;

    private static async Task WaitQuietlyAsync(Task upload)
    {
        // Its failure, if any, is the run's to report: here it only has to be over.
        await upload.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
    }

    /// <summary>
    /// The shards of a 7z job: its folders split by <see cref="SevenZipShardPlan.Split"/> at
    /// <paramref name="targetWeight"/>, each range with its packed and unpacked bytes; null when the archive
    /// holds no folder. An encrypted header is opened with Archive:Passwords (its rejections propagate).
    /// </summary>
    public async Task<IReadOnlyList<ShardRange>?> PlanShardsAsync(ArchiveSource source, long targetWeight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var raw = new SevenZipSourceStream(store, source, RangedReadSettings.Default with { ReadAheadBytes = _options.ReadAheadBytes }, metrics.StorageResumed);
        await using (raw.ConfigureAwait(false))
        {
            var (header, _) = await ReadHeaderAsync(raw, cancellationToken).ConfigureAwait(false);
            if (header.Bytes.IsEmpty)
            {
                return null;
            }

            var layout = SevenZipHeaderReader.ReadLayout(header.Bytes);
            if (layout.Folders.Count == 0)
            {
                return null;
            }

            return [.. SevenZipShardPlan.Split(layout.Folders, targetWeight).Select((r, i) =>
            {
                var folders = layout.Folders.Skip(r.First).Take(r.Count).ToList();
                return new ShardRange(i, r.First, r.Count, folders.Sum(f => f.PackedBytes), folders.Sum(f => f.UnpackSize));
            })];
        }
    }

    /// <summary>
    /// Writes the files of folders <paramref name="range"/> that the whole header's decisions keep, with
    /// the one writer and memory bound, the header's CRC-32 checked; failures propagate
    /// (<see cref="ArchiveExpansion.TryReject"/> tells the permanent ones).
    /// </summary>
    public async Task<WriteResult> WriteRangeAsync(ArchiveSource source, ExpansionTarget target, SevenZipFolderRange range, IProgress<WriteProgress>? progress, SequentialResume? resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var settings = RangedReadSettings.Default with { ReadAheadBytes = _options.ReadAheadBytes };
        var raw = new SevenZipSourceStream(store, source, settings, metrics.StorageResumed);
        await using (raw.ConfigureAwait(false))
        {
            var listed = await ListAsync(raw, source, settings, findPassword: true, cancellationToken).ConfigureAwait(false);
            var decisions = Decide(listed, source, target, existing: null);
            if (range.First < 0 || range.Count < 1 || range.First + range.Count > decisions.Layout.Folders.Count)
            {
                throw new InvalidOperationException($"The job's folder range {range.First}+{range.Count} is not in the archive's {decisions.Layout.Folders.Count} folders.");
            }

            var part = SevenZipSubArchive.Create(decisions.Layout, range);
            var files = SevenZipSubArchive.FilesOf(decisions.Layout, range);
            var view = new SevenZipSubArchiveStream(raw, part);
            await using (view.ConfigureAwait(false))
            {
                var archive = await OpenRangeAsync(view, decisions.Password, cancellationToken).ConfigureAwait(false);
                await using (archive.ConfigureAwait(false))
                {
                    var targets = new TargetCheck(store, source, target);
                    var written = await writer.WriteSequentialAsync(
                        source,
                        new WriteTarget(target.Bucket, target.WriteModifiedTime),
                        (sink, token) => WriteRangeEntriesAsync(archive, decisions, files, targets, sink, token),
                        progress,
                        resume,
                        cancellationToken).ConfigureAwait(false);
                    return written with { GetRequests = written.GetRequests + decisions.GetRequests + raw.RequestCount };
                }
            }
        }
    }

    /// <summary>
    /// What an inline run's report would say of the whole archive (objects, skips, renames, directories,
    /// name encodings), decided from the header alone, with <paramref name="totals"/> (the shards' sums) as
    /// the counts written; no folder is decoded.
    /// </summary>
    public async Task<StreamExpansionResult> ReportRangesAsync(ArchiveSource source, ExpansionTarget target, WriteResult totals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var settings = RangedReadSettings.Default with { ReadAheadBytes = _options.ReadAheadBytes };
        var raw = new SevenZipSourceStream(store, source, settings, metrics.StorageResumed);
        await using (raw.ConfigureAwait(false))
        {
            var listed = await ListAsync(raw, source, settings, findPassword: false, cancellationToken).ConfigureAwait(false);
            var decisions = Decide(listed, source, target, existing: null);
            var heads = 0;
            if (target.Overwrite == OverwritePolicy.SkipExisting)
            {
                // Every object the job wrote carries the source's id by now, so the targets without it are
                // exactly those that existed before (decision 0039). Replayed with what HEAD found until no
                // key is left unlooked-up: a made-up unique name can change once an earlier key is skipped.
                var existing = new Dictionary<string, bool>(StringComparer.Ordinal);
                while (decisions.Checked.Where(k => !existing.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
                {
                    var found = await TargetOwnership.FindPreexistingAsync(store, source, target.Bucket, unknown, _options.UploadConcurrency, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < unknown.Count; i++)
                    {
                        existing[unknown[i]] = found[i];
                    }

                    heads += unknown.Count;
                    decisions = Decide(listed, source, target, existing);
                }
            }

            return new StreamExpansionResult(decisions.Planner, totals, raw.RequestCount, heads);
        }
    }

    /// <summary>
    /// The whole header (an encrypted one opened with Archive:Passwords, <see cref="ReadHeaderAsync"/>), its
    /// layout and SharpCompress's entries in header order, their declared sizes checked against the limits.
    /// <paramref name="findPassword"/>: a shard, which decodes, finds the password of encrypted folders
    /// under a plain header as inline does; the finisher only lists.
    /// </summary>
    private async Task<ListedHeader> ListAsync(SevenZipSourceStream raw, ArchiveSource source, RangedReadSettings settings, bool findPassword, CancellationToken cancellationToken)
    {
        var (header, headerPassword) = await ReadHeaderAsync(raw, cancellationToken).ConfigureAwait(false);
        if (header.Bytes.IsEmpty)
        {
            throw new InvalidOperationException("A 7z without folders is a one-shard stream job, never expanded by folder range (decision 0035).");
        }

        var layout = SevenZipHeaderReader.ReadLayout(header.Bytes);
        var (password, checkRequests) = headerPassword is not null ? (headerPassword, 0)
            : findPassword && header.IsEncrypted ? await FindPasswordAsync(source, settings, cancellationToken).ConfigureAwait(false)
            : (null, 0);
        var archive = await SevenZipEntries.OpenAsync(raw, password, cancellationToken).ConfigureAwait(false);
        await using (archive.ConfigureAwait(false))
        {
            var entries = await SevenZipEntries.ListAsync(archive).ConfigureAwait(false);
            if (entries.Count != layout.Files.Count)
            {
                throw new InvalidOperationException($"SharpCompress lists {entries.Count} entries where the header's layout has {layout.Files.Count}.");
            }

            SevenZipEntries.CheckDeclaredSizes(entries, source.Version.Length, _options);
            return new ListedHeader(layout, entries, password, checkRequests);
        }
    }

    /// <summary>
    /// Replays an inline run's decisions over the whole header: every entry through the same planner in
    /// header order, each kept file recorded as written with its declared size and CRC-32 (what the writer
    /// checks it against). A file decides a write only when no later file takes its key. With
    /// <paramref name="existing"/> (skip-existing, the finisher), a file whose key inline would HEAD (one no
    /// earlier file took) and that HEAD found preexisting is listed as inline lists it instead; the keys
    /// looked up are <see cref="RangeDecisions.Checked"/>.
    /// </summary>
    private RangeDecisions Decide(ListedHeader listed, ArchiveSource source, ExpansionTarget target, Dictionary<string, bool>? existing)
    {
        var entries = listed.Entries;
        var planner = new StreamEntryPlanner(_options, target.Folder, target.Plan);
        var planned = new StreamedEntry?[entries.Count];
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        var looked = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var name = planner.DeclaredName(entry.Key ?? string.Empty);
            if (SevenZipEntries.Skip(entry) is { } skip)
            {
                planner.Skip(name, skip.Code, skip.Reason);
                continue;
            }

            if (planner.Plan(name, entry.IsDirectory, entry.Size, source.Version.Length) is not { } write)
            {
                continue;
            }

            if (write.Replaces is null)
            {
                looked.Add(write.Key);
                if (existing is not null && existing.TryGetValue(write.Key, out var exists) && exists)
                {
                    planner.NotWritten(write, TargetOwnership.SkipExistingReason, EntryNoteCodes.TargetExists);
                    continue;
                }
            }

            planned[i] = write;
            last[write.RelativePath] = i;
            planner.Written(write, entry.Size, entry.Size > 0 ? (uint)entry.Crc : 0u, Task.CompletedTask);
        }

        var writes = new Write?[entries.Count];
        foreach (var i in last.Values)
        {
            var entry = entries[i];
            writes[i] = new Write(planned[i]!, entry.Key ?? string.Empty, entry.Size, entry.Size > 0 ? (uint)entry.Crc : null, UnixSeconds(entry.LastModifiedTime));
        }

        return new RangeDecisions(listed.Layout, planner, writes, [.. entries.Select(e => e.Key ?? string.Empty)], looked, listed.Password, listed.GetRequests);
    }

    /// <summary>
    /// The header as <see cref="SevenZipHeaderReader"/> reads it; an encrypted one is opened with the first
    /// of Archive:Passwords that decodes it to its CRC (<c>password-required</c> when none is configured,
    /// <c>wrong-password</c> when none fits, before anything is written, as inline) and checked as a plain
    /// one (decision 0042). Returns that password, null for a plain header.
    /// </summary>
    private async Task<(SevenZipHeader Header, string? Password)> ReadHeaderAsync(SevenZipSourceStream raw, CancellationToken cancellationToken)
    {
        var header = await SevenZipHeaderReader.ReadAsync(raw, MaxHeaderBytes, _options.MaxDictionaryBytes, cancellationToken).ConfigureAwait(false);
        if (header.EncodedHeader is not { } encoded)
        {
            return (header, null);
        }

        var candidates = passwords.Candidates;
        if (candidates.Count == 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.PasswordRequired, "The 7z archive's header is encrypted and Archive:Passwords is empty; nothing was written.");
        }

        var part = SevenZipSubArchive.Create(encoded, new SevenZipFolderRange(0, 1));
        var declared = encoded.Files[0];
        foreach (var candidate in candidates)
        {
            var view = new SevenZipSubArchiveStream(raw, part);
            await using (view.ConfigureAwait(false))
            {
                if (await TryReadFirstAsync(view, candidate, static _ => true, declared.Size, cancellationToken).ConfigureAwait(false) is { } first
                    && (declared.Crc is not { } crc || System.IO.Hashing.Crc32.HashToUInt32(first.Head) == crc))
                {
                    return (SevenZipHeaderReader.Decoded(first.Head, headerEncrypted: true, _options.MaxDictionaryBytes), candidate);
                }
            }
        }

        throw new ArchiveRejectedException(
            ArchiveRejectionCodes.WrongPassword,
            string.Create(CultureInfo.InvariantCulture, $"None of the {candidates.Count} password(s) in Archive:Passwords decrypts the 7z archive's header; nothing was written."));
    }

    private static async Task<IAsyncArchive> OpenRangeAsync(SevenZipSubArchiveStream view, string? password, CancellationToken cancellationToken)
    {
        try
        {
            return await SevenZipArchive.OpenAsyncArchive(view, new ReaderOptions { Password = password, LeaveStreamOpen = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (SevenZipEntries.IsDecoderFailure(e))
        {
            throw new EntryCorruptException($"The 7z archive's folders will not open: {e.Message}", e);
        }
    }

    /// <summary>The range's files come in header order, each the next of <paramref name="files"/>; a kept one is written, any other drained.</summary>
    private static async Task WriteRangeEntriesAsync(IAsyncArchive archive, RangeDecisions decisions, IReadOnlyList<int> files, TargetCheck targets, ISequentialEntrySink sink, CancellationToken cancellationToken)
    {
        var reader = await OpenSolidReaderAsync(archive).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var next = 0;
            while (await MoveNextAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var index = next < files.Count ? files[next++] : throw new InvalidOperationException("The folder range decodes to more files than its header lists.");
                var name = decisions.Names[index];
                if (!string.Equals(entry.Key ?? string.Empty, name, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The folder range's file '{entry.Key}' is not the header's '{name}'.");
                }

                // skip-existing: looked up just before the write; an object this source version wrote is its own
                // (decision 0042). The note a skip leaves on the replayed planner is not reported: the finisher lists it.
                if (decisions.Writes[index] is not { } write || !await targets.MayWriteAsync(write.Planned, decisions.Planner, cancellationToken).ConfigureAwait(false))
                {
                    await DrainAsync(reader, entry, name, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var content = await OpenEntryAsync(reader, name, cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    await sink.WriteAsync(name, write.Planned.Key, write.Planned.ContentType, write.ModifiedUnixSeconds, content, write.Size, write.Crc, cancellationToken).ConfigureAwait(false);
                }
            }

            if (next != files.Count)
            {
                throw new InvalidOperationException($"The folder range decoded {next} of its {files.Count} files.");
            }
        }
    }

    /// <summary>A file every shard writes alike: where (planned from the whole header), its declared size and CRC-32, its modified time.</summary>
    private sealed record Write(StreamedEntry Planned, string Name, long Size, uint? Crc, long? ModifiedUnixSeconds);

    /// <summary>The whole header read: its layout, SharpCompress's entries in header order, the password that opens it (null for none), the GETs a password search took.</summary>
    private sealed record ListedHeader(SevenZipLayout Layout, IReadOnlyList<IArchiveEntry> Entries, string? Password, int GetRequests);

    /// <summary>The whole header's decisions: per file (header order) its name and, for a file that stands at the end, its write; the keys an inline run would HEAD under skip-existing.</summary>
    private sealed record RangeDecisions(SevenZipLayout Layout, StreamEntryPlanner Planner, IReadOnlyList<Write?> Writes, IReadOnlyList<string> Names, IReadOnlyList<string> Checked, string? Password, int GetRequests);
}
