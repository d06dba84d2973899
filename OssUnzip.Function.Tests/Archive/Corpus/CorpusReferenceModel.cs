using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using OssUnzip.Function.Archive.Entries;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Archive.Paths;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// A storage-free stand-in for the expander, used to prove each corpus case's expectation before the
/// real expander exists: names, kinds, support and paths come from the product's pure parts over the
/// test-only <see cref="ZipListing"/>; content comes from System.IO.Compression; overlap and
/// corruption are judged here independently. Phase 2 replaces it with the real expander on s3rver.
/// Flattening rule assumed: every accepted file and folder path starts with a folder named like the
/// archive, and there is at least one file. Default settings: macOS metadata skipped, names in NFC;
/// names the sanitizer made up are assumed not to collide (no corpus case makes them collide; the
/// planner's unique suffix is tested in ExpansionPlannerTests).
/// </summary>
internal static class CorpusReferenceModel
{
    public static async Task<ExpectedOutcome> EvaluateAsync(CorpusCase corpusCase, string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpusCase);
        if (!ZipListing.HasEndRecord(archivePath))
        {
            return new ExpectedRejection(ExpectedRejectionKind.NotAZip, []);
        }

        if (!ZipListing.TryRead(archivePath, out var listing) || listing is null)
        {
            return new ExpectedRejection(ExpectedRejectionKind.CorruptCentralDirectory, []);
        }

        var overlapping = OverlappingEntries(archivePath, listing);
        if (overlapping.Count > 0)
        {
            return new ExpectedRejection(ExpectedRejectionKind.OverlappingEntries, [.. overlapping.Select(i => new ExpectedProblemEntry(Decode(listing.Entries[i])))]);
        }

        var skips = new List<ExpectedSkip>();
        var renames = new Dictionary<string, string>();
        var unsupported = new List<ExpectedProblemEntry>();
        var encrypted = new List<ExpectedProblemEntry>();
        var files = new List<(int Index, string RelativePath)>();
        var folders = new List<string>();
        var names = DecodeAll(listing);
        var paths = names.Select(n => EntryPathSanitizer.Sanitize(n, corpusCase.OutputFolderKey)).ToArray();
        var macMetadata = new MacMetadata(paths.Where(p => !p.IsSkipped).Select(p => p.RelativePath!));
        for (var i = 0; i < listing.Entries.Count; i++)
        {
            var entry = listing.Entries[i];
            var name = names[i];
            var kind = EntryKindClassifier.Classify(entry.VersionMadeBy, entry.ExternalAttributes, name);
            var path = paths[i];
            if (!path.IsSkipped && macMetadata.Describe(path.RelativePath!, kind == EntryKind.Directory || path.IsDirectory) is not null)
            {
                if (kind != EntryKind.Directory && !path.IsDirectory)
                {
                    skips.Add(new ExpectedSkip(name, ExpectedSkipReason.MacMetadata));
                }

                continue;
            }

            if (kind == EntryKind.Directory)
            {
                if (!path.IsSkipped)
                {
                    folders.Add(path.RelativePath!);
                }

                continue;
            }

            if (kind == EntryKind.Symlink)
            {
                skips.Add(new ExpectedSkip(name, ExpectedSkipReason.Symlink));
                continue;
            }

            var support = EntrySupport.Check(entry.Flags, entry.CompressionMethod, entry.ExtraField);
            if (!support.IsSupported)
            {
                unsupported.Add(new ExpectedProblemEntry(name, support.Reason));
                continue;
            }

            if (!path.IsSkipped && ZipEntryCoding.Of(entry.Flags, entry.CompressionMethod, entry.ExtraField).Encryption != ZipEncryption.None)
            {
                encrypted.Add(new ExpectedProblemEntry(name));
            }

            if (path.IsSkipped)
            {
                skips.Add(new ExpectedSkip(name, ToExpected(path.SkipReason)));
                continue;
            }

            files.Add((i, path.RelativePath!));
        }

        if (unsupported.Count > 0)
        {
            return new ExpectedRejection(ExpectedRejectionKind.UnsupportedEntries, unsupported);
        }

        // Default settings: Archive:Passwords is empty.
        if (encrypted.Count > 0)
        {
            return new ExpectedRejection(ExpectedRejectionKind.PasswordRequired, encrypted);
        }

        var prefix = corpusCase.ArchiveName + "/";
        var flatten = files.Count > 0
            && files.All(f => f.RelativePath.StartsWith(prefix, StringComparison.Ordinal))
            && folders.All(f => f == corpusCase.ArchiveName || f.StartsWith(prefix, StringComparison.Ordinal));

        // Final paths: flattened; the manifest's name made '_ossunzip-manifest.json'; names the
        // sanitizer made up placed after every real name, with ~2, ~3... when taken.
        const PathRenames madeUp = PathRenames.ControlCharactersReplaced | PathRenames.NameReplaced | PathRenames.ReservedNameReplaced;
        var final = new List<(int Index, string RelativePath)>();
        var madeUpNames = new List<(int Index, string RelativePath)>();
        foreach (var (index, relativePath) in files)
        {
            var relative = flatten ? relativePath[prefix.Length..] : relativePath;
            var isMadeUp = (paths[index].Renames & madeUp) != 0;
            if (relative == ".ossunzip-manifest.json")
            {
                relative = "_ossunzip-manifest.json";
                isMadeUp = true;
            }

            (isMadeUp ? madeUpNames : final).Add((index, relative));
            if (!isMadeUp && paths[index].IsListed(paths[index].Renames))
            {
                renames[names[index]] = relative;
            }
        }

        var taken = final.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        foreach (var (index, relative) in madeUpNames)
        {
            var unique = relative;
            for (var n = 2; taken.Contains(unique); n++)
            {
                var dot = relative.LastIndexOf('.');
                var stemEnd = dot > relative.LastIndexOf('/') + 1 ? dot : relative.Length;
                unique = relative[..stemEnd] + "~" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + relative[stemEnd..];
            }

            taken.Add(unique);
            final.Add((index, unique));
            renames[names[index]] = unique;
        }

        var corrupt = new List<ExpectedProblemEntry>();
        var objects = new Dictionary<string, ExpectedContent>();
        await using var archiveStream = OpenWithoutPrefix(archivePath, listing.PrependedBytes);
        await using var archive = new ZipArchive(archiveStream, ZipArchiveMode.Read);
        if (archive.Entries.Count != listing.Entries.Count)
        {
            throw new InvalidOperationException("ZipArchive and the listing disagree on the entry count.");
        }

        // Opened only when needed: SharpCompress is not asked to parse the corpus's hostile archives.
        var sharpArchive = new Lazy<SharpCompress.Archives.IArchive>(() => SharpCompress.Archives.Zip.ZipArchive.OpenArchive(archivePath, new SharpCompress.Readers.ReaderOptions()));
        foreach (var (index, relativePath) in final)
        {
            var declared = listing.Entries[index];
            // Methods ZipArchive cannot read (bzip2, LZMA, xz, PPMd) are read by a second, independent
            // implementation: SharpCompress's own ZIP reader, not the expander's decoders.
            var content = ZipEntryCoding.Of(declared.Flags, declared.CompressionMethod, declared.ExtraField).ReadByZipArchive
                ? await ReadVerifiedAsync(archive.Entries[index], declared, cancellationToken)
                : await ReadVerifiedAsync(() => sharpArchive.Value.Entries.ElementAt(index).OpenEntryStream(), declared, cancellationToken);
            if (content is null)
            {
                corrupt.Add(new ExpectedProblemEntry(Decode(listing.Entries[index])));
                continue;
            }

            objects[relativePath] = content;
        }

        if (sharpArchive.IsValueCreated)
        {
            sharpArchive.Value.Dispose();
        }

        return corrupt.Count > 0
            ? new ExpectedRejection(ExpectedRejectionKind.EntryDataCorrupt, corrupt)
            : new ExpectedExpansion(objects, skips, renames);
    }

    private static string Decode(ZipListingEntry entry) =>
        EntryNameDecoder.Decode(entry.RawName, entry.Flags, entry.ExtraField, forced: null).Name.Normalize(System.Text.NormalizationForm.FormC);

    /// <summary>Default settings: one guess for the whole archive, then NFC.</summary>
    private static string[] DecodeAll(ZipListing listing) =>
        [.. EntryNameDecoder.DecodeAll([.. listing.Entries.Select(e => new RawEntryName(e.RawName, e.Flags, e.ExtraField))], forced: null)
            .Names.Select(n => n.Name.Normalize(System.Text.NormalizationForm.FormC))];

    private static ExpectedSkipReason ToExpected(PathSkipReason reason) => reason switch
    {
        PathSkipReason.EmptyAfterSanitizing => ExpectedSkipReason.EmptyAfterSanitizing,
        PathSkipReason.KeyTooLong => ExpectedSkipReason.KeyTooLong,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No corpus case expects this skip."),
    };

    /// <summary>Content hash, or null when the bytes fail the declared CRC or size (or the reader refuses them).</summary>
    private static Task<ExpectedContent?> ReadVerifiedAsync(ZipArchiveEntry entry, ZipListingEntry declared, CancellationToken cancellationToken) =>
        ReadVerifiedAsync(() => entry.Open(), declared, cancellationToken);

    private static async Task<ExpectedContent?> ReadVerifiedAsync(Func<Stream> open, ZipListingEntry declared, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = open();
            var buffer = new byte[1 << 16];
            var crc = new Crc32();
            long length = 0;
            int read;
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                crc.Append(buffer.AsSpan(0, read));
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            return crc.GetCurrentHashAsUInt32() == declared.Crc32 && length == declared.UncompressedSize
                ? new ExpectedContent(length, Convert.ToHexStringLower(hash.GetHashAndReset()))
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// The first pair of entries (in local-header order, ties in central directory order) whose local
    /// header plus data ranges overlap; empty when none do.
    /// </summary>
    private static List<int> OverlappingEntries(string archivePath, ZipListing listing)
    {
        using var file = File.OpenRead(archivePath);
        var header = new byte[30];
        var ranges = new List<(int Index, long Start, long End)>();
        for (var i = 0; i < listing.Entries.Count; i++)
        {
            var entry = listing.Entries[i];
            file.Position = entry.LocalHeaderOffset + listing.PrependedBytes;
            file.ReadExactly(header);
            var dataStart = file.Position
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26))
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            ranges.Add((i, file.Position - header.Length, dataStart + entry.CompressedSize));
        }

        var ordered = ranges.OrderBy(r => r.Start).ThenBy(r => r.Index).ToList();
        for (var a = 0; a + 1 < ordered.Count; a++)
        {
            if (ordered[a + 1].Start < ordered[a].End)
            {
                return [ordered[a].Index, ordered[a + 1].Index];
            }
        }

        return [];
    }

    private static Stream OpenWithoutPrefix(string archivePath, long prefix)
    {
        if (prefix == 0)
        {
            return File.OpenRead(archivePath);
        }

        var bytes = File.ReadAllBytes(archivePath);
        return new MemoryStream(bytes, (int)prefix, bytes.Length - (int)prefix, writable: false);
    }
}
