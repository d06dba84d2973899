using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.SevenZip;
using OssUnzip.Function.Archive.Writing;
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
        IAsyncReader reader;
        try
        {
            reader = await archive.ExtractAllEntriesAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (SevenZipEntries.IsDecoderFailure(e))
        {
            throw new EntryCorruptException($"The 7z archive will not decode: {e.Message}", e);
        }

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
                    if (entry.IsDirectory || entry.Size == 0 || !entry.IsEncrypted)
                    {
                        continue;
                    }

                    var stream = await reader.OpenEntryStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        var buffer = new byte[(int)Math.Min(entry.Size, PasswordCheckBytes)];
                        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                        return entry.Size > PasswordCheckBytes || System.IO.Hashing.Crc32.HashToUInt32(buffer) == (uint)entry.Crc;
                    }
                }

                // No encrypted file holds data: the header opened, which is the check an encrypted header gives.
                return true;
            }
        }
        catch (Exception e) when (SevenZipEntries.IsDecoderFailure(e) || e is EndOfStreamException)
        {
            return false;
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
}
