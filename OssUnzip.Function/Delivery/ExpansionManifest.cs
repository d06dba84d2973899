using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Collections;

namespace OssUnzip.Function.Delivery;

/// <summary>
/// Written last, under the output folder, after every object of an expansion exists: its presence with
/// the source's ETag is the proof that this version was expanded completely (so a redelivered event is
/// answered without reading the archive). A failed run never writes one.
/// </summary>
public sealed record ExpansionManifest(
    int FormatVersion,
    ManifestSource Source,
    string OutputPrefix,
    IReadOnlyList<ManifestEntry> Entries,
    IReadOnlyList<EntryNote> Skipped,
    IReadOnlyList<EntryNote> Renamed,
    int Directories,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    long DurationMs)
{
    public const int CurrentFormat = 1;

    public const string FileName = Routing.EventRouter.ManifestFileName;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        // Keys such as unzip/报告/第一章.txt stay readable in the file (HTML-sensitive characters are still escaped).
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>A Utf8JsonWriter takes its escaping from these, not from the serializer options.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JsonOptions.Encoder, Indented = false };

    public static ExpansionManifest From(ExpansionReport report, DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ExpansionManifest(
            CurrentFormat,
            new ManifestSource(report.Bucket, report.Key, report.ETag, report.Size),
            report.OutputPrefix,
            new ProjectedList<WrittenObject, ManifestEntry>(report.Objects, static o => new ManifestEntry(o.Key, o.Size, o.Crc32.ToString("x8", CultureInfo.InvariantCulture))),
            report.Skipped,
            report.Renamed,
            report.Directories,
            report.StartedAt,
            completedAt,
            report.DurationMs);
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

    /// <summary>Both passes go through here, so they write the same bytes (same writer options).</summary>
    private void WriteUtf8Json(IBufferWriter<byte> destination)
    {
        using var writer = new Utf8JsonWriter(destination, WriterOptions);
        JsonSerializer.Serialize(writer, this, JsonOptions);
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
            return manifest is { FormatVersion: CurrentFormat, Source: not null } ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The archive version a manifest describes.</summary>
public sealed record ManifestSource(string Bucket, string Key, string ETag, long Size);

/// <summary>One written object; CRC-32 as 8 hex digits.</summary>
public sealed record ManifestEntry(string Key, long Size, string Crc32);
