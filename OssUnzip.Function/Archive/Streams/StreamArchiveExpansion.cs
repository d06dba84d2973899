using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Tar;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// Expands the formats read once, front to back, through one ranged read stream: tar (plain, gzip,
/// bzip2, xz, zstd) and a single gzip-compressed file. One decoder, one tar reader and one planner
/// decide entry by entry; each entry's content goes to the <see cref="ArchiveWriter"/>'s sequential run,
/// whose uploads proceed in parallel while the reader goes on. Memory is the ranged stream's read-ahead,
/// the decoder's window (bounded by Archive:MaxDictionaryBytes) and the writer's upload budget, whatever
/// the archive's size.
/// </summary>
internal sealed class StreamArchiveExpansion(IObjectStore store, ArchiveWriter writer, IOptions<ArchiveOptions> options, OssUnzipMetrics metrics)
{
    /// <summary>Bytes read past a tar's end-of-archive block so the compressed stream's own checksum is checked; more is left unread.</summary>
    private const int TrailerDrainBytes = 1 << 20;

    private readonly ArchiveOptions _options = options.Value;

    /// <param name="target">Output bucket and folder, the rule's globs, overwrite policy and mtime choice (its folder mode does not apply: see <see cref="StreamEntryPlanner"/>).</param>
    /// <param name="resume">A stream job's shard: what an earlier run wrote, and where the completed prefix is reported; null inline.</param>
    public async Task<StreamExpansionResult> RunAsync(ArchiveSource source, ExpansionTarget target, ArchiveFormat format, ReadOnlyMemory<byte> head, IProgress<WriteProgress>? progress, SequentialResume? resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(format);
        if (format.Compression == StreamCompression.Xz && XzDictionary.FirstBlock(head.Span) is { } dictionary && dictionary > _options.MaxDictionaryBytes)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The xz stream needs a {dictionary}-byte dictionary; Archive:MaxDictionaryBytes is {_options.MaxDictionaryBytes}. Nothing was written."));
        }

        var planner = new StreamEntryPlanner(_options, target.Folder, target.Plan);
        var writeTarget = new WriteTarget(target.Bucket, target.WriteModifiedTime);
        var targets = new TargetCheck(store, source, target);
        var forced = target.Plan.ForcedNameEncoding(_options.NameEncoding);
        var settings = RangedReadSettings.Default with { ReadAheadBytes = _options.ReadAheadBytes };
        var raw = new RangedReadStream(store, source, settings, resumed: metrics.StorageResumed);
        await using (raw.ConfigureAwait(false))
        {
            var requests = 0;
            if (format.Container == ArchiveContainer.SingleFile)
            {
                var (size, trailerRequests) = await ReadGzipSizeAsync(source, settings, cancellationToken).ConfigureAwait(false);
                requests += trailerRequests;
                var name = GzipFileName(head.Span, source.Key, planner, forced);
                var written = await writer.WriteSequentialAsync(source, writeTarget, (sink, token) => WriteSingleAsync(raw, format, name, size, planner, targets, sink, token), progress, resume, cancellationToken).ConfigureAwait(false);
                return new StreamExpansionResult(planner, written, requests + raw.RequestCount, targets.HeadRequests);
            }

            var result = await writer.WriteSequentialAsync(source, writeTarget, (sink, token) => WriteTarAsync(raw, format, planner, forced, targets, sink, token), progress, resume, cancellationToken).ConfigureAwait(false);
            return new StreamExpansionResult(planner, result, requests + raw.RequestCount, targets.HeadRequests);
        }
    }

    private async Task WriteTarAsync(RangedReadStream raw, ArchiveFormat format, StreamEntryPlanner planner, System.Text.Encoding? forced, TargetCheck targets, ISequentialEntrySink sink, CancellationToken cancellationToken)
    {
        var decoder = await Decompressors.OpenAsync(format.Compression, raw, _options.MaxDictionaryBytes, cancellationToken).ConfigureAwait(false);
        await using (decoder.ConfigureAwait(false))
        {
            var guarded = new DecoderGuardStream(decoder, format.Name);
            using var tar = new TarStreamReader(guarded);
            while (await tar.NextAsync(cancellationToken).ConfigureAwait(false) is { } member)
            {
                var name = member.Path is { } declared ? planner.DeclaredName(declared) : planner.DecodeName(member.RawName.Span, forced);
                switch (member.Kind)
                {
                    case TarMemberKind.Symlink:
                        planner.Skip(name, EntryNoteCodes.Symlink, "a symbolic link: never followed or written");
                        continue;
                    case TarMemberKind.HardLink:
                        planner.Skip(name, EntryNoteCodes.HardLink, "a hard link: never followed or written");
                        continue;
                    case TarMemberKind.Special:
                        planner.Skip(name, EntryNoteCodes.SpecialFile, $"a special member (tar type '{SpecialType(member.TypeFlag)}': device, FIFO or other): never written");
                        continue;
                }

                if (planner.Plan(name, member.Kind == TarMemberKind.Directory, member.RealSize, raw.Position) is not { } entry)
                {
                    continue;
                }

                if (entry.Replaces is { } earlier)
                {
                    await WaitQuietlyAsync(earlier).ConfigureAwait(false);
                }
                else if (!await targets.MayWriteAsync(entry, planner, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var write = await sink.WriteAsync(name, entry.Key, entry.ContentType, member.ModifiedUnixSeconds, tar.OpenData(member, name), member.RealSize, declaredCrc: null, cancellationToken).ConfigureAwait(false);
                planner.Written(entry, member.RealSize, write.Crc32, write.Upload);
            }

            if (format.Compression != StreamCompression.None)
            {
                await DrainAsync(guarded, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteSingleAsync(RangedReadStream raw, ArchiveFormat format, string name, long size, StreamEntryPlanner planner, TargetCheck targets, ISequentialEntrySink sink, CancellationToken cancellationToken)
    {
        if (size > (long)_options.MaxCompressionRatio * Math.Max(raw.Length, 1))
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The gzip file declares {size} bytes from {raw.Length} compressed, above Archive:MaxCompressionRatio ({_options.MaxCompressionRatio}:1)."),
                [name]);
        }

        if (planner.Plan(name, isDirectory: false, size, raw.Length) is not { } entry || !await targets.MayWriteAsync(entry, planner, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var decoder = await Decompressors.OpenAsync(format.Compression, raw, _options.MaxDictionaryBytes, cancellationToken).ConfigureAwait(false);
        await using (decoder.ConfigureAwait(false))
        {
            var write = await sink.WriteAsync(name, entry.Key, entry.ContentType, modifiedUnixSeconds: null, new DecoderGuardStream(decoder, format.Name), size, declaredCrc: null, cancellationToken).ConfigureAwait(false);
            planner.Written(entry, size, write.Crc32, write.Upload);
        }
    }

    /// <summary>
    /// The gzip trailer's ISIZE: the uncompressed length modulo 2^32 (RFC 1952 §2.3.1). It is the declared
    /// size the content is held to, so a file of 4 GiB or more, or several gzip members, is refused as
    /// corrupt rather than cut short.
    /// </summary>
    private async Task<(long Size, int Requests)> ReadGzipSizeAsync(ArchiveSource source, RangedReadSettings settings, CancellationToken cancellationToken)
    {
        const int MinimumGzip = 18;
        if (source.Version.Length < MinimumGzip)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.Truncated, "The gzip file is shorter than a gzip header and trailer.");
        }

        var stream = new RangedReadStream(store, source, settings with { ReadAheadBytes = 4 });
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(-4, SeekOrigin.End);
            var trailer = new byte[4];
            await stream.ReadExactlyAsync(trailer, cancellationToken).ConfigureAwait(false);
            return (BinaryPrimitives.ReadUInt32LittleEndian(trailer), stream.RequestCount);
        }
    }

    private static string GzipFileName(ReadOnlySpan<byte> head, string archiveKey, StreamEntryPlanner planner, System.Text.Encoding? forced)
    {
        if (GzipHeader.TryGetFileName(head, out var raw))
        {
            var decoded = planner.DecodeName(raw, forced).Replace('\\', '/');
            var last = decoded[(decoded.LastIndexOf('/') + 1)..];
            if (last.Length > 0)
            {
                return last;
            }
        }

        var file = archiveKey[(archiveKey.LastIndexOf('/') + 1)..];
        return file[..^".gz".Length];
    }

    private static async Task DrainAsync(Stream decoded, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 << 10];
        for (var drained = 0; drained < TrailerDrainBytes;)
        {
            var read = await decoded.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            drained += read;
        }
    }

    private static async Task WaitQuietlyAsync(Task upload)
    {
        // Its failure, if any, is the run's to report: here it only has to be over.
        await upload.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
    }

    private static string SpecialType(char type) => type == '\0' ? "\\0" : type.ToString();
}
