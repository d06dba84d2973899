using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Collections;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Written last, under the output folder, after every object of an expansion exists: its presence with
/// the source's ETag is the proof that this version was expanded completely (so a redelivered event is
/// answered without reading the archive). A failed run never writes one. The summary comes first and
/// the lists last, so the proof is read from the first bytes of a manifest of any size.
/// </summary>
public sealed record ExpansionManifest(
    int FormatVersion,
    ManifestSummary Summary,
    IReadOnlyList<EntryNote> Skipped,
    IReadOnlyList<EntryNote> Renamed,
    IReadOnlyList<ManifestEntry> Entries)
{
    /// <summary>2: summary first, lists last (format 1 had the lists in the middle and is expanded again).</summary>
    public const int CurrentFormat = 2;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        // Keys such as unzip/报告/第一章.txt stay readable in the file (HTML-sensitive characters are still escaped).
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    // The property names the Web defaults give FormatVersion and Summary; the writer emits them first, in this order.
    private static readonly byte[] FormatVersionProperty = "formatVersion"u8.ToArray();
    private static readonly byte[] SummaryProperty = "summary"u8.ToArray();

    /// <summary>A Utf8JsonWriter takes its escaping from these, not from the serializer options.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JsonOptions.Encoder, Indented = false };

    public static ExpansionManifest From(ExpansionReport report, DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        var summary = new ManifestSummary(
            new ManifestSource(report.Bucket, report.Key, report.ETag, report.Size),
            report.OutputPrefix,
            report.Objects.Count,
            report.Directories,
            report.StartedAt,
            completedAt,
            report.DurationMs)
        {
            Format = report.Format,
            OutputBucket = report.OutputBucket,
        };
        return new ExpansionManifest(
            CurrentFormat,
            summary,
            report.Skipped,
            report.Renamed,
            new ProjectedList<WrittenObject, ManifestEntry>(report.Objects, static o => new ManifestEntry(o.Key, o.Size, o.Crc32.ToString("x8", CultureInfo.InvariantCulture))));
    }

    /// <summary>
    /// The manifest as UTF-8 JSON in a buffer of exactly its size: a first pass only counts, so a
    /// manifest of 100,000 entries is one allocation of its length rather than a growing buffer that
    /// leaves a trail of large garbage behind it.
    /// </summary>
    public MemoryStream ToUtf8JsonStream()
    {
        var counter = new CountingBufferWriter();
        WriteUtf8Json(counter);
        var stream = new MemoryStream(checked((int)counter.Count));
        WriteUtf8Json(stream);
        stream.Position = 0;
        return stream;
    }

    /// <summary>
    /// The manifest as UTF-8 JSON made a chunk at a time as it is read (<see cref="ManifestJsonStream"/>):
    /// the same bytes as <see cref="ToUtf8JsonStream"/> without a buffer of the manifest's size, so the end
    /// of a 100,000-entry expansion holds a few KiB of it rather than megabytes.
    /// </summary>
    internal ManifestJsonStream OpenUtf8JsonStream()
    {
        var head = new ArrayBufferWriter<byte>();
        WriteUtf8Json(head, this with { Entries = [] });
        // The serializer's own bytes for the manifest without entries end with the empty array and the
        // object's end; everything before the "]}" is the head the entries follow.
        var written = head.WrittenSpan;
        if (!written.EndsWith("[]}"u8))
        {
            throw new InvalidOperationException("The manifest's entries are expected to be its last property.");
        }

        return new ManifestJsonStream(written[..^2].ToArray(), Entries, JsonOptions, WriterOptions);
    }

    /// <summary>Both passes go through here, so they write the same bytes (same writer options).</summary>
    private void WriteUtf8Json(IBufferWriter<byte> destination) => WriteUtf8Json(destination, this);

    private static void WriteUtf8Json(IBufferWriter<byte> destination, ExpansionManifest manifest)
    {
        using var writer = new Utf8JsonWriter(destination, WriterOptions);
        JsonSerializer.Serialize(writer, manifest, JsonOptions);
    }

    private void WriteUtf8Json(Stream destination)
    {
        using var writer = new Utf8JsonWriter(destination, WriterOptions);
        JsonSerializer.Serialize(writer, this, JsonOptions);
    }

    /// <returns>The manifest, or null when the bytes are not a manifest this version understands.</returns>
    public static ExpansionManifest? TryParse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<ExpansionManifest>(utf8Json, JsonOptions);
            return manifest is { FormatVersion: CurrentFormat, Summary: { Source: not null, OutputPrefix: not null } } ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the summary from the first bytes of a manifest (the whole manifest also works), without
    /// looking at the lists behind it.
    /// </summary>
    /// <returns>The summary, or null when the bytes do not start like a manifest this version writes or
    /// end before the summary does.</returns>
    public static ManifestSummary? TryReadSummary(ReadOnlySpan<byte> utf8Prefix)
    {
        var reader = new Utf8JsonReader(utf8Prefix, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || !IsProperty(ref reader, FormatVersionProperty)
                || !reader.Read() || reader.TokenType != JsonTokenType.Number
                || !reader.TryGetInt32(out var format) || format != CurrentFormat
                || !reader.Read() || !IsProperty(ref reader, SummaryProperty)
                || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var start = (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                return null;
            }

            var summary = JsonSerializer.Deserialize<ManifestSummary>(utf8Prefix[start..(int)reader.BytesConsumed], JsonOptions);
            return summary is { Source: not null, OutputPrefix: not null } ? summary : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>ValueTextEquals throws on tokens other than names and strings (an empty object's end, say).</summary>
    private static bool IsProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name);
}

/// <summary>The archive version a manifest describes.</summary>
public sealed record ManifestSource(string Bucket, string Key, string ETag, long Size);

/// <summary>One written object; CRC-32 as 8 hex digits.</summary>
public sealed record ManifestEntry(string Key, long Size, string Crc32);
