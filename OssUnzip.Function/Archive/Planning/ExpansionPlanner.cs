using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Entries;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Archive.Paths;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// Decides, from the central directory alone and before anything is written, which entries become
/// which objects, which are skipped or renamed and why, and whether the archive is rejected outright
/// (limits, overlapping entries, entries that cannot be read). No key it produces can leave the
/// output folder (<see cref="EntryPathSanitizer"/>).
/// </summary>
internal sealed class ExpansionPlanner
{
    /// <summary>Where manifests lived before decision 0015; no longer read, still kept free so an old reader is never fooled.</summary>
    internal const string LegacyManifestName = ".ossunzip-manifest.json";

    private const string DefaultContentType = "application/octet-stream";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly ArchiveOptions _options;

    public ExpansionPlanner(IOptions<ArchiveOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    public ExpansionPlan Plan(ZipLayout layout, string outputFolder) => Plan(layout, outputFolder, PlanRules.Default);

    /// <param name="rules">The output rule's folder mode and globs (<see cref="PlanRules.Default"/>: today's behaviour).</param>
    /// <param name="cancellationToken">
    /// Checked between phases and every <see cref="CancellationCheckEntries"/> entries: planning a directory of
    /// Archive:MaxEntries takes seconds of CPU, and a plan cut at the request budget (decision 0036) must
    /// stop rather than finish for nothing. Throws <see cref="OperationCanceledException"/>.
    /// </param>
    public ExpansionPlan Plan(ZipLayout layout, string outputFolder, PlanRules rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(rules);
        cancellationToken.ThrowIfCancellationRequested();
        var decoded = EntryNameDecoder.DecodeAll([.. layout.Entries.Select(e => new RawEntryName(e.RawName, e.Flags, e.Extra))], rules.ForcedNameEncoding(_options.NameEncoding));
        var names = decoded.Names.Select(d => _options.NormalizeNamesToNfc ? ToNfc(d.Name) : d.Name).ToArray();
        var composed = decoded.Names.Select((d, i) => !string.Equals(d.Name, names[i], StringComparison.Ordinal)).ToArray();
        RejectOverLimits(layout, names);
        cancellationToken.ThrowIfCancellationRequested();
        RejectOverlaps(layout, names);
        cancellationToken.ThrowIfCancellationRequested();

        var paths = layout.Entries.Select(e => EntryPathSanitizer.Sanitize(names[e.Index], outputFolder)).ToArray();
        var macMetadata = _options.SkipMacMetadata ? new MacMetadata(paths.Where(p => !p.IsSkipped).Select(p => p.RelativePath!)) : null;

        var unreadable = new List<string>();
        var skipped = new List<EntryNote>();
        var files = new List<(ZipCentralEntry Entry, string Name, SanitizedEntryPath Path)>();
        var topLevel = new HashSet<string>(StringComparer.Ordinal);
        var directories = 0;

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in layout.Entries)
        {
            ThrowIfCancelledAt(entry.Index, cancellationToken);
            var name = names[entry.Index];
            var path = paths[entry.Index];
            var kind = EntryKindClassifier.Classify(entry.VersionMadeBy, entry.ExternalAttributes, name);
            var isDirectory = kind == EntryKind.Directory || path.IsDirectory;
            if (!path.IsSkipped && macMetadata is not null && macMetadata.Describe(path.RelativePath!, isDirectory) is { } metadata)
            {
                // Folders of __MACOSX/ are neither listed nor counted: they must not stop flattening.
                if (!isDirectory)
                {
                    skipped.Add(new EntryNote(name, metadata) { Code = EntryNoteCodes.MacMetadata });
                }

                continue;
            }

            if (kind == EntryKind.Symlink)
            {
                skipped.Add(new EntryNote(name, "a symbolic link: never followed or written") { Code = EntryNoteCodes.Symlink });
                continue;
            }

            if (isDirectory)
            {
                directories++;
                if (entry.UncompressedSize > 0)
                {
                    skipped.Add(DirectoryWithDataNote(name, entry.UncompressedSize));
                }

                if (!path.IsSkipped)
                {
                    topLevel.Add(path.RelativePath!.Split('/')[0] + "/");
                }

                continue;
            }

            var support = EntrySupport.Check(entry.Flags, entry.Method, entry.Extra.Span);
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

            if (rules.Excludes(path.RelativePath!))
            {
                skipped.Add(new EntryNote(name, "left out by the rule's Include/Exclude globs") { Code = EntryNoteCodes.Excluded });
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

        var strip = StrippedFolder(outputFolder, topLevel, rules.FolderMode ?? (_options.FlattenSingleTopFolder ? FolderMode.FlattenSingleTopFolder : FolderMode.Keep));
        var renamed = new List<EntryNote>();
        // Keyed by the path below the output folder: one folder for all, so the same uniqueness as the key.
        var byPath = new Dictionary<string, PlannedEntry>(StringComparer.Ordinal);
        var invented = new List<(ZipCentralEntry Entry, string Name, string Relative, PathRenames Renames)>();
        // Paths of entries whose names were already composed: a decomposed name that composes onto one of
        // them is another file (a file system keeps both), never a later copy of it.
        var ownPaths = files.Where(f => !composed[f.Entry.Index]).Select(f => strip is null ? f.Path.RelativePath! : f.Path.RelativePath![strip.Length..]).ToHashSet(StringComparer.Ordinal);
        foreach (var (entry, name, path) in files)
        {
            ThrowIfCancelledAt(entry.Index, cancellationToken);
            var relative = strip is null ? path.RelativePath! : path.RelativePath![strip.Length..];
            var renames = path.Renames;
            if (composed[entry.Index] && ownPaths.Contains(relative))
            {
                invented.Add((entry, decoded.Names[entry.Index].Name, relative, renames | PathRenames.ComposedNameTaken));
                continue;
            }

            if (relative == LegacyManifestName)
            {
                relative = EntryPathSanitizer.ReplacementChar + relative[1..];
                renames |= PathRenames.ReservedNameReplaced;
            }
            // A name the service made up waits until every real name has its place, so it never
            // displaces one (see UniqueRelativePath).
            if ((renames & InventedNames) != 0)
            {
                invented.Add((entry, name, relative, renames));
                continue;
            }

            if (path.IsListed(renames))
            {
                renamed.Add(RenameNote(name, renames, outputFolder + relative));
            }

            if (byPath.Remove(relative, out var earlier))
            {
                skipped.Add(new EntryNote(earlier.Name, "a later entry maps to the same key and replaces it", earlier.Key) { Code = EntryNoteCodes.ReplacedByLaterEntry });
            }

            byPath[relative] = Planned(entry, name, outputFolder, relative);
        }

        foreach (var (entry, name, relative, renames) in invented)
        {
            var unique = UniqueRelativePath(relative, byPath);
            if (Encoding.UTF8.GetByteCount(outputFolder) + Encoding.UTF8.GetByteCount(unique) > EntryPathSanitizer.MaxKeyUtf8Bytes)
            {
                skipped.Add(SkipNote(name, PathSkipReason.KeyTooLong));
                continue;
            }

            renamed.Add(RenameNote(name, renames, outputFolder + unique));
            byPath[unique] = Planned(entry, name, outputFolder, unique);
        }

        var writes = byPath.Values.OrderBy(w => w.Entry.LocalHeaderOffset).ToList();
        return new ExpansionPlan(writes, skipped, renamed, directories) { NameEncodings = decoded.Notes };
    }

    /// <summary>How many entries planning goes between two looks at its cancellation token.</summary>
    internal const int CancellationCheckEntries = 4096;

    private static void ThrowIfCancelledAt(int index, CancellationToken cancellationToken)
    {
        if (index % CancellationCheckEntries == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Renames that make up a name rather than tidy the entry's own (those follow later-wins).</summary>
    internal const PathRenames InventedNames = PathRenames.ControlCharactersReplaced | PathRenames.NameReplaced | PathRenames.ReservedNameReplaced | PathRenames.ComposedNameTaken;

    private static PlannedEntry Planned(ZipCentralEntry entry, string name, string outputFolder, string relative)
    {
        // Most names come through sanitizing unchanged: keep one string for both.
        var reportedName = string.Equals(name, relative, StringComparison.Ordinal) ? relative : name;
        return new PlannedEntry(entry, reportedName, outputFolder, relative, ContentTypeOf(relative));
    }

    internal static string ContentTypeOf(string relative) => ContentTypes.TryGetContentType(relative, out var type) ? type : DefaultContentType;

    /// <summary>
    /// The path itself when free, else the first free of <c>name~2.ext</c>, <c>name~3.ext</c>...: a
    /// made-up name never replaces an entry's own name nor another made-up one.
    /// </summary>
    internal static string UniqueRelativePath(string relative, Func<string, bool> isTaken)
    {
        if (!isTaken(relative))
        {
            return relative;
        }

        var slash = relative.LastIndexOf('/');
        var dot = relative.LastIndexOf('.');
        var stemEnd = dot > slash + 1 ? dot : relative.Length;
        for (var n = 2; ; n++)
        {
            var candidate = string.Concat(relative.AsSpan(0, stemEnd), string.Create(CultureInfo.InvariantCulture, $"~{n}"), relative.AsSpan(stemEnd));
            if (!isTaken(candidate))
            {
                return candidate;
            }
        }
    }

    private static string UniqueRelativePath(string relative, Dictionary<string, PlannedEntry> taken) => UniqueRelativePath(relative, taken.ContainsKey);

    /// <summary>A folder entry that holds bytes: a folder writes no object; Info-ZIP, 7-Zip and CPython drop such bytes too, but say so.</summary>
    internal static EntryNote DirectoryWithDataNote(string name, long bytes) =>
        new(name, string.Create(CultureInfo.InvariantCulture, $"a folder entry holding {bytes} bytes: a folder writes no object, so its bytes are not kept")) { Code = EntryNoteCodes.DirectoryWithData };

    internal static EntryNote RenameNote(string name, PathRenames renames, string key)
    {
        if ((renames & PathRenames.ComposedNameTaken) != 0)
        {
            return new EntryNote(name, $"the name's composed (NFC) form is another entry's name; kept under a replacement name ({renames})", key) { Code = EntryNoteCodes.ComposedNameTaken };
        }

        if ((renames & PathRenames.ReservedNameReplaced) != 0)
        {
            return new EntryNote(name, $"a path segment is reserved for the service's records ({ReservedNames.RecordsFolder}, or the manifest's name); kept under a replacement name ({renames})", key) { Code = EntryNoteCodes.ReservedName };
        }

        if ((renames & PathRenames.NameReplaced) != 0)
        {
            return new EntryNote(name, $"nothing of the name is a usable key (only dots, or a drive); kept under a replacement name ({renames})", key) { Code = EntryNoteCodes.DotName };
        }

        if ((renames & PathRenames.ControlCharactersReplaced) != 0)
        {
            return new EntryNote(name, $"control characters replaced by '_' ({renames})", key) { Code = EntryNoteCodes.ControlCharacter };
        }

        return new EntryNote(name, $"normalized to stay inside the output folder ({renames})", key) { Code = EntryNoteCodes.Normalized };
    }

    /// <summary>
    /// Canonical composition (NFC): macOS writes names decomposed (NFD), and a client on another
    /// system types the composed form. A name that is not well-formed Unicode is left for the
    /// sanitizer to skip.
    /// </summary>
    internal static string ToNfc(string name)
    {
        try
        {
            return name.IsNormalized(NormalizationForm.FormC) ? name : name.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return name;
        }
    }

    /// <summary>
    /// The top folder dropped from every path, or null. flatten-single-top-folder: "x/" when every file
    /// and folder sits under one top folder named like the archive (the reference implementation's
    /// behaviour, docs/facts.md §9); strip: that one top folder whatever its name; keep: never. Skipped
    /// and excluded entries (macOS metadata among them) are not counted.
    /// </summary>
    private static string? StrippedFolder(string outputFolder, HashSet<string> topLevel, FolderMode mode)
    {
        if (mode == FolderMode.Keep || topLevel.Count != 1 || !topLevel.Single().EndsWith('/'))
        {
            return null;
        }

        if (mode == FolderMode.Strip)
        {
            return topLevel.Single();
        }

        var archiveName = outputFolder.TrimEnd('/').Split('/')[^1] + "/";
        return topLevel.Single() == archiveName ? archiveName : null;
    }

    internal static EntryNote SkipNote(string name, PathSkipReason reason) => reason switch
    {
        PathSkipReason.EmptyAfterSanitizing => new EntryNote(name, "the name is empty: nothing can stand in for it") { Code = EntryNoteCodes.EmptyAfterSanitizing },
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
