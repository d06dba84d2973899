using System.Globalization;
using System.Text;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Archive.Paths;

namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// The planner for archives read once, front to back (tar, gzip), deciding entry by entry as they come,
/// with the rules <see cref="ExpansionPlanner"/> applies to a whole ZIP directory: the same sanitizer,
/// reserved names, renames and skip notes, later-wins for duplicate keys, and the limits (entries, total
/// declared bytes, parts per object, and the ratio of the bytes declared so far to the compressed bytes
/// read so far). What it cannot do without seeing every name first, it does not do: no single top
/// folder is flattened or stripped (whatever Archive:FlattenSingleTopFolder or a rule's FolderMode says),
/// and an AppleDouble <c>._name</c> is kept unless <c>name</c> came before it.
/// A limit found mid-way stops the expansion; objects written before it stay, and no manifest is written.
/// Not thread-safe: one reader calls it in archive order.
/// </summary>
internal sealed class StreamEntryPlanner(ArchiveOptions options, string outputFolder, PlanRules rules)
{
    private const int MaxParts = 10_000;
    private static readonly MacMetadata MacMetadataByName = new([]);

    private readonly Dictionary<string, WrittenEntry> _written = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenPaths = new(StringComparer.Ordinal);
    private readonly List<DecodedEntryName> _decoded = [];
    private long _declared;
    private int _entries;

    public List<EntryNote> Skipped { get; } = [];

    public List<EntryNote> Renamed { get; } = [];

    public int Directories { get; private set; }

    /// <summary>The objects that stand at the end, in the order they were first written.</summary>
    public IReadOnlyList<WrittenObject> Objects => [.. _written.Values.Select(w => w.Object)];

    public IReadOnlyList<NameEncodingNote> NameEncodings => EntryNameDecoder.Summarize([.. _decoded], null);

    /// <summary>Decodes a name the archive declared no encoding for (ustar, GNU, v7) with the rules ZIP names follow.</summary>
    public string DecodeName(ReadOnlySpan<byte> raw, Encoding? forced)
    {
        var decoded = EntryNameDecoder.Decode(raw, 0, [], forced);
        _decoded.Add(decoded);
        return decoded.Name;
    }

    /// <summary>A name the archive declared as UTF-8 (pax).</summary>
    public string DeclaredName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _decoded.Add(new DecodedEntryName(name, NameSource.Utf8Flag, Encoding.UTF8.WebName));
        return name;
    }

    /// <summary>Counts an entry that will not be written (link, device...) and lists it.</summary>
    public void Skip(string name, string code, string reason)
    {
        CountEntry(name);
        Skipped.Add(new EntryNote(name, reason) { Code = code });
    }

    /// <summary>
    /// Decides one entry: null when nothing is written for it (a folder, or a skip it lists), else where
    /// it goes. <paramref name="compressedRead"/> is how far into the stored archive the reader is.
    /// </summary>
    public StreamedEntry? Plan(string name, bool isDirectory, long size, long compressedRead)
    {
        ArgumentNullException.ThrowIfNull(name);
        CountEntry(name);
        var composed = false;
        if (options.NormalizeNamesToNfc)
        {
            var nfc = ExpansionPlanner.ToNfc(name);
            composed = !string.Equals(nfc, name, StringComparison.Ordinal);
            name = nfc;
        }

        var path = EntryPathSanitizer.Sanitize(name, outputFolder);
        isDirectory |= path.IsDirectory;
        if (!path.IsSkipped && options.SkipMacMetadata && MacMetadataByName.Describe(path.RelativePath!, isDirectory) is { } metadata)
        {
            if (!isDirectory)
            {
                Skipped.Add(new EntryNote(name, metadata) { Code = EntryNoteCodes.MacMetadata });
            }

            return null;
        }

        if (isDirectory)
        {
            Directories++;
            if (size > 0)
            {
                Skipped.Add(ExpansionPlanner.DirectoryWithDataNote(name, size));
            }

            return null;
        }

        if (path.IsSkipped)
        {
            Skipped.Add(ExpansionPlanner.SkipNote(name, path.SkipReason));
            return null;
        }

        if (rules.Excludes(path.RelativePath!))
        {
            Skipped.Add(new EntryNote(name, "left out by the rule's Include/Exclude globs") { Code = EntryNoteCodes.Excluded });
            return null;
        }

        CheckLimits(name, size, compressedRead);
        var relative = path.RelativePath!;
        var renames = path.Renames;
        if (relative == ExpansionPlanner.LegacyManifestName)
        {
            relative = EntryPathSanitizer.ReplacementChar + relative[1..];
            renames |= PathRenames.ReservedNameReplaced;
        }

        if (_written.TryGetValue(relative, out var taken) && taken.NameComposed != composed)
        {
            // One name was composed onto the other's: two files a file system keeps apart, never a later
            // copy. As in a ZIP, the decomposed one is renamed when it comes second; when it came first it
            // is already written, so the one that comes second is renamed (the stream cannot look ahead).
            renames |= PathRenames.ComposedNameTaken;
        }

        if ((renames & ExpansionPlanner.InventedNames) != 0)
        {
            // A made-up name never replaces a name written before it (later real names still win, as in a ZIP).
            relative = ExpansionPlanner.UniqueRelativePath(relative, _written.ContainsKey);
            if (Encoding.UTF8.GetByteCount(outputFolder) + Encoding.UTF8.GetByteCount(relative) > EntryPathSanitizer.MaxKeyUtf8Bytes)
            {
                Skipped.Add(ExpansionPlanner.SkipNote(name, PathSkipReason.KeyTooLong));
                return null;
            }
        }

        var key = outputFolder + relative;
        if (path.IsListed(renames))
        {
            Renamed.Add(ExpansionPlanner.RenameNote(name, renames, key));
        }

        Task? earlier = null;
        if (_written.Remove(relative, out var replaced))
        {
            Skipped.Add(new EntryNote(replaced.Name, "a later entry maps to the same key and replaces it", replaced.Object.Key) { Code = EntryNoteCodes.ReplacedByLaterEntry });
            earlier = replaced.Upload;
        }

        _declared += size;
        return new StreamedEntry(name, relative, key, ExpansionPlanner.ContentTypeOf(relative), earlier) { NameComposed = composed };
    }

    /// <summary>An entry <see cref="Plan"/> placed that is not written after all (its target exists, overwrite policy skip-existing).</summary>
    public void NotWritten(StreamedEntry entry, string reason, string code)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Skipped.Add(new EntryNote(entry.Name, reason, entry.Key) { Code = code });
    }

    /// <summary>Records what <see cref="Plan"/> sent to be written; <paramref name="upload"/> is its PUT, possibly still in flight.</summary>
    public void Written(StreamedEntry entry, long size, uint crc32, Task upload)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _written[entry.RelativePath] = new WrittenEntry(entry.Name, new WrittenObject(entry.Key, size, crc32), upload) { NameComposed = entry.NameComposed };
    }

    private void CountEntry(string name)
    {
        if (++_entries > options.MaxEntries)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The archive holds more than Archive:MaxEntries ({options.MaxEntries}) entries."),
                [name]);
        }
    }

    private void CheckLimits(string name, long size, long compressedRead)
    {
        if (_declared + size > options.MaxTotalUncompressedBytes)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The entries declare more than Archive:MaxTotalUncompressedBytes ({options.MaxTotalUncompressedBytes}) bytes uncompressed."),
                [name]);
        }

        if (size > (long)options.PartSizeBytes * MaxParts)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"An entry is larger than {MaxParts} parts of Archive:PartSizeBytes ({options.PartSizeBytes}); raise the part size."),
                [name]);
        }

        // The entries before this one have been read whole: their declared bytes against what they took.
        if (_declared > (long)options.MaxCompressionRatio * Math.Max(compressedRead, 1))
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The entries so far expand {_declared} bytes from {compressedRead} compressed bytes, above Archive:MaxCompressionRatio ({options.MaxCompressionRatio}:1)."),
                [name]);
        }
    }

    private sealed record WrittenEntry(string Name, WrittenObject Object, Task Upload)
    {
        public bool NameComposed { get; init; }
    }
}
