using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// Decides, from the central directory alone and before anything is written, which entries become
/// which objects, which are skipped and why, and whether the archive is rejected outright (limits,
/// overlapping entries, entries that cannot be read).
/// </summary>
internal sealed class ExpansionPlanner(IOptions<ArchiveOptions> options)
{
    private const string DefaultContentType = "application/octet-stream";
    private const ushort EncryptedFlag = 0x0001;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly HashSet<ushort> ReadableMethods = [0, 8, 9];

    private readonly ArchiveOptions _options = options.Value;

    public ExpansionPlan Plan(ZipLayout layout, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(layout);
        RejectOverLimits(layout);
        RejectOverlaps(layout);

        var unreadable = new List<string>();
        var skipped = new List<EntryNote>();
        var renamed = new List<EntryNote>();
        var byKey = new Dictionary<string, PlannedEntry>(StringComparer.Ordinal);
        var directories = 0;

        foreach (var entry in layout.Entries)
        {
            var name = DecodeName(entry);
            if (name.EndsWith('/') || name.EndsWith('\\'))
            {
                directories++;
                continue;
            }

            if (Unreadable(entry) is { } why)
            {
                unreadable.Add($"{name}: {why}");
                continue;
            }

            var relative = ToRelativePath(name);
            if (relative is null)
            {
                skipped.Add(new EntryNote(name, "the name has no usable path segments"));
                continue;
            }

            var key = outputFolder + relative;
            if (relative != name)
            {
                renamed.Add(new EntryNote(name, "the path was normalized to stay inside the output folder", key));
            }

            if (byKey.Remove(key, out var earlier))
            {
                skipped.Add(new EntryNote(earlier.Name, "a later entry maps to the same key and replaces it", key));
            }

            byKey[key] = new PlannedEntry(entry, name, key, ContentTypes.TryGetContentType(key, out var type) ? type : DefaultContentType);
        }

        if (unreadable.Count > 0)
        {
            throw new ArchiveRejectedException(
                string.Create(CultureInfo.InvariantCulture, $"The archive has {unreadable.Count} entries that cannot be read; nothing was written."),
                unreadable);
        }

        var writes = byKey.Values.OrderBy(w => w.Entry.LocalHeaderOffset).ToList();
        return new ExpansionPlan(writes, skipped, renamed, directories);
    }

    private void RejectOverLimits(ZipLayout layout)
    {
        long total = 0;
        foreach (var entry in layout.Entries)
        {
            total += entry.UncompressedSize;
            if (entry.CompressedSize > 0 && entry.UncompressedSize / entry.CompressedSize > _options.MaxCompressionRatio)
            {
                throw new ArchiveRejectedException(
                    string.Create(CultureInfo.InvariantCulture, $"An entry declares a compression ratio above Archive:MaxCompressionRatio ({_options.MaxCompressionRatio}:1)."),
                    [DecodeName(entry)]);
            }
        }

        if (total > _options.MaxTotalUncompressedBytes)
        {
            throw new ArchiveRejectedException(string.Create(
                CultureInfo.InvariantCulture,
                $"The entries add up to {total} bytes uncompressed; the limit (Archive:MaxTotalUncompressedBytes) is {_options.MaxTotalUncompressedBytes}."));
        }
    }

    /// <summary>
    /// Entries whose data ranges overlap are how the "better zip bomb" multiplies one compressed
    /// stream into many entries; no honest writer produces them.
    /// </summary>
    private static void RejectOverlaps(ZipLayout layout)
    {
        var ordered = layout.Entries.OrderBy(e => e.LocalHeaderOffset).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var limit = i + 1 < ordered.Count ? ordered[i + 1].LocalHeaderOffset : layout.CentralDirectoryOffset;
            if (ordered[i].MinimumEnd > limit)
            {
                var names = i + 1 < ordered.Count ? new[] { DecodeName(ordered[i]), DecodeName(ordered[i + 1]) } : [DecodeName(ordered[i])];
                throw new ArchiveRejectedException("Entries overlap each other or the central directory (a zip bomb or a corrupt archive); nothing was written.", names);
            }
        }
    }

    private static string? Unreadable(ZipCentralEntry entry)
    {
        if ((entry.Flags & EncryptedFlag) != 0 || entry.Method == 99)
        {
            return "encrypted";
        }

        return ReadableMethods.Contains(entry.Method)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"compression method {entry.Method} is not supported");
    }

    private static string DecodeName(ZipCentralEntry entry)
    {
        const ushort utf8Flag = 0x0800;
        var raw = entry.RawName.Span;
        if ((entry.Flags & utf8Flag) != 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(raw);
        }
    }

    private static string? ToRelativePath(string name)
    {
        var segments = name.Replace('\\', '/').Split('/')
            .Where(s => s.Length > 0 && s != "." && s != "..")
            .ToList();
        if (segments.Count > 0 && segments[0].Length == 2 && segments[0][1] == ':')
        {
            segments.RemoveAt(0);
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }
}
