using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Events;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// The durable answer for an archive version that was rejected: written under the output folder's records
/// folder (<c>.ossunzip/rejection.json</c>) so a redelivery of the same bucket/key/ETag gets the same answer
/// without the archive being read again (decision 0016). Only a record naming exactly that version counts.
/// </summary>
public sealed record RejectionRecord(
    int FormatVersion,
    string Bucket,
    string Key,
    string ETag,
    RejectionKind Kind,
    string Code,
    string Reason,
    IReadOnlyList<string> Entries,
    DateTimeOffset RejectedAt)
{
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static RejectionRecord From(RejectedOutcome rejected, string bucket, string key, string eTag, DateTimeOffset rejectedAt)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return new RejectionRecord(CurrentFormat, bucket, key, eTag, rejected.Kind, rejected.Code, rejected.Reason, rejected.Entries, rejectedAt);
    }

    /// <summary>True when this record is about exactly that archive version.</summary>
    public bool Names(string bucket, string key, string eTag) =>
        string.Equals(Bucket, bucket, StringComparison.Ordinal) && string.Equals(Key, key, StringComparison.Ordinal) && string.Equals(ETag, eTag, StringComparison.Ordinal);

    /// <summary>The outcome the first delivery got, for <paramref name="objectCreated"/>.</summary>
    public RejectedOutcome ToOutcome(ObjectCreatedEvent objectCreated) => new(objectCreated, Kind, Reason, Entries) { Code = Code, Key = Key };

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <returns>The record, or null when the bytes are not a record this version writes.</returns>
    public static RejectionRecord? TryParse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var record = JsonSerializer.Deserialize<RejectionRecord>(utf8Json, JsonOptions);
            return record is { FormatVersion: CurrentFormat, Bucket: not null, Key: not null, ETag: not null, Code: not null, Reason: not null, Entries: not null } ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
