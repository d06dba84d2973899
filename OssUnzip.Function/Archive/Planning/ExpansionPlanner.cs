using System.Globalization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Entries;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Archive.Paths;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// Decides, from the central directory alone and before anything is written, which entries become
/// which objects, which are skipped or renamed and why, and whether the archive is rejected outright
/// (limits, overlapping entries, entries that cannot be read). No key it produces can leave the
/// output folder (<see cref="EntryPathSanitizer"/>).
/// </summary>
internal sealed class ExpansionPlanner
{
    /// <summary>Reserved name under each output folder for the expansion manifest; dot-named so it reads as metadata.</summary>
    public const string ManifestFileName = ".ossunzip-manifest.json";

    private const string DefaultContentType = "application/octet-stream";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly ArchiveOptions _options;
    private readonly NameEncodingMode _nameEncoding;

    public ExpansionPlanner(IOptions<ArchiveOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _nameEncoding = NameEncodingSetting.TryParse(_options.NameEncoding, out var mode) ? mode : NameEncodingMode.Auto;
    }

    public ExpansionPlan Plan(ZipLayout layout, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var names = layout.Entries.Select(DecodeName).ToArray();
        RejectOverLimits(layout, names);
        RejectOverlaps(layout, names);

        var unreadable = new List<string>();
        var skipped = new List<EntryNote>();
        var files = new List<(ZipCentralEntry Entry, string Name, SanitizedEntryPath Path)>();
        var topLevel = new HashSet<string>(StringComparer.Ordinal);
        var directories = 0;

        foreach (var entry in layout.Entries)
        {
            var name = names[entry.Index];
            var kind = EntryKindClassifier.Classify(entry.VersionMadeBy, entry.ExternalAttributes, name);
            if (kind == EntryKind.Symlink)
            {
                skipped.Add(new EntryNote(name, "a symbolic link: never followed or written") { Code = EntryNoteCodes.Symlink });
                continue;
            }

            var path = EntryPathSanitizer.Sanitize(name, outputFolder);
            if (kind == EntryKind.Directory || path.IsDirectory)
            {
                directories++;
                if (!path.IsSkipped)
                {
                    topLevel.Add(path.RelativePath!.Split('/')[0] + "/");
                }

                continue;
            }

            var support = EntrySupport.Check(entry.Flags, entry.Method);
            if (!support.IsSupported)
            {
                unreadable.Add($"{name}: {support.Description}");
                continue;
            }

            if (path.IsSkipped)
            {
                skipped.Add(SkipNote(name, path.SkipReason));
                continue;
            }

            var segments = path.RelativePath!.Split('/');
            topLevel.Add(segments.Length > 1 ? segments[0] + "/" : segments[0]);
            files.Add((entry, name, path));
        }

        if (unreadable.Count > 0)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.UnsupportedEntries,
                string.Create(CultureInfo.InvariantCulture, $"The archive has {unreadable.Count} entries that cannot be read; nothing was written."),
                unreadable);
        }

        var strip = FlattenedFolder(outputFolder, topLevel);
        var renamed = new List<EntryNote>();
        // Keyed by the path below the output folder: one folder for all, so the same uniqueness as the key.
        var byPath = new Dictionary<string, PlannedEntry>(StringComparer.Ordinal);
        foreach (var (entry, name, path) in files)
        {
            var relative = strip is null ? path.RelativePath! : path.RelativePath![strip.Length..];
            if (relative == ManifestFileName)
            {
                skipped.Add(new EntryNote(name, "the name is reserved for the expansion manifest") { Code = EntryNoteCodes.ReservedName });
                continue;
            }

            if (path.IsRenamed)
            {
                renamed.Add(new EntryNote(name, $"normalized to stay inside the output folder ({path.Renames})", outputFolder + relative) { Code = EntryNoteCodes.Normalized });
            }

            if (byPath.Remove(relative, out var earlier))
            {
                skipped.Add(new EntryNote(earlier.Name, "a later entry maps to the same key and replaces it", earlier.Key) { Code = EntryNoteCodes.ReplacedByLaterEntry });
            }

            // Most names come through sanitizing unchanged: keep one string for both.
            var reportedName = string.Equals(name, relative, StringComparison.Ordinal) ? relative : name;
            byPath[relative] = new PlannedEntry(entry, reportedName, outputFolder, relative, ContentTypes.TryGetContentType(relative, out var type) ? type : DefaultContentType);
        }

        var writes = byPath.Values.OrderBy(w => w.Entry.LocalHeaderOffset).ToList();
        return new ExpansionPlan(writes, skipped, renamed, directories);
    }

    private string DecodeName(ZipCentralEntry entry) =>
        EntryNameDecoder.Decode(entry.RawName.Span, entry.Flags, entry.Extra.Span, _nameEncoding).Name;

    /// <summary>
    /// "x/" when flattening applies: every file and folder sits under one top folder named like the
    /// archive (the reference implementation's behaviour, docs/facts.md §9).
    /// </summary>
    private string? FlattenedFolder(string outputFolder, HashSet<string> topLevel)
    {
        if (!_options.FlattenSingleTopFolder || topLevel.Count != 1)
        {
            return null;
        }

        var archiveName = outputFolder.TrimEnd('/').Split('/')[^1] + "/";
        return topLevel.Single() == archiveName ? archiveName : null;
    }

    private static EntryNote SkipNote(string name, PathSkipReason reason) => reason switch
    {
        PathSkipReason.ControlCharacter => new EntryNote(name, "the name holds a control character") { Code = EntryNoteCodes.ControlCharacter },
        PathSkipReason.EmptyAfterSanitizing => new EntryNote(name, "nothing is left of the name once unsafe parts are removed") { Code = EntryNoteCodes.EmptyAfterSanitizing },
        PathSkipReason.InvalidUnicode => new EntryNote(name, "the name is not well-formed Unicode") { Code = EntryNoteCodes.InvalidUnicode },
        PathSkipReason.KeyTooLong => new EntryNote(name, "the object key would exceed 1023 UTF-8 bytes") { Code = EntryNoteCodes.KeyTooLong },
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a skip"),
    };

    private void RejectOverLimits(ZipLayout layout, string[] names)
    {
        long total = 0;
        foreach (var entry in layout.Entries)
        {
            total += entry.UncompressedSize;
            if (entry.UncompressedSize > (long)_options.MaxCompressionRatio * Math.Max(entry.CompressedSize, 1))
            {
                throw new ArchiveRejectedException(
                    ArchiveRejectionCodes.LimitExceeded,
                    string.Create(CultureInfo.InvariantCulture, $"An entry declares a compression ratio above Archive:MaxCompressionRatio ({_options.MaxCompressionRatio}:1)."),
                    [names[entry.Index]]);
            }

            if (entry.UncompressedSize > (long)_options.PartSizeBytes * MaxParts)
            {
                throw new ArchiveRejectedException(
                    ArchiveRejectionCodes.LimitExceeded,
                    string.Create(CultureInfo.InvariantCulture, $"An entry is larger than {MaxParts} parts of Archive:PartSizeBytes ({_options.PartSizeBytes}); raise the part size."),
                    [names[entry.Index]]);
            }
        }

        if (total > _options.MaxTotalUncompressedBytes)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The entries add up to {total} bytes uncompressed; the limit (Archive:MaxTotalUncompressedBytes) is {_options.MaxTotalUncompressedBytes}."));
        }
    }

    /// <summary>Multipart uploads have at most 10,000 parts (docs/facts.md §5).</summary>
    private const int MaxParts = 10_000;

    /// <summary>
    /// Entries whose data ranges overlap are how the "better zip bomb" multiplies one compressed
    /// stream into many entries; no honest writer produces them. Names the first overlapping pair in
    /// local-header order.
    /// </summary>
    private static void RejectOverlaps(ZipLayout layout, string[] names)
    {
        var ordered = layout.Entries.OrderBy(e => e.LocalHeaderOffset).ThenBy(e => e.Index).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var limit = i + 1 < ordered.Count ? ordered[i + 1].LocalHeaderOffset : layout.CentralDirectoryOffset;
            if (ordered[i].MinimumEnd > limit)
            {
                var entries = i + 1 < ordered.Count ? new[] { names[ordered[i].Index], names[ordered[i + 1].Index] } : [names[ordered[i].Index]];
                throw new ArchiveRejectedException(ArchiveRejectionCodes.OverlappingEntries, "Entries overlap each other or the central directory (a zip bomb or a corrupt archive); nothing was written.", entries);
            }
        }
    }
}
