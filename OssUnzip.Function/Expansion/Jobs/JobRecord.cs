using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// A job: one archive version (bucket, key, ETag, size) expanded by shards into an output folder, as
/// written to <c>&lt;output&gt;/.ossunzip/job.json</c> (and, create-only, to the job's own folder, which
/// decides who dispatches it: decision 0018). The shard plan is ranges of the expansion plan's writes in
/// archive order; every shard runner re-derives the plan from the central directory (the planner is
/// deterministic) and takes its range. <paramref name="EventId"/> is the event that started the job; records live in <paramref name="OutputBucket"/>, under the rule <paramref name="Rule"/>'s output folder. The id is derived from bucket, key and ETag, so every pod that
/// sees the same upload names the same job. A stream job (tar family, gzip, 7z: decision 0031) has
/// <see cref="FormatVersion"/> <see cref="StreamFormat"/>, names the archive's <see cref="Format"/> and has one shard covering the whole
/// archive (<see cref="Entries"/> 0: its members are known only by reading it); a ZIP job's record is
/// unchanged (<see cref="CurrentFormat"/>, no format), so records written before stream jobs read as
/// ZIP jobs, and a process older than stream jobs finds no job in a stream job's record (its shard ends
/// as "no such job") rather than reading the archive as a ZIP. A ZIP job whose central directory was
/// too big to plan within the request budget (decision 0036) has <see cref="FormatVersion"/>
/// <see cref="DerivedFormat"/>: its shard count was fixed from the end record and the archive's size,
/// its <see cref="Shards"/> are placeholders (index only), <see cref="Entries"/> is 0, and every shard
/// derives its range from its own plan (<see cref="ShardPlanner.Split"/>); a process older than such
/// jobs finds no job in its record. A 7z job sharded by folder range (decision 0035) has
/// <see cref="FormatVersion"/> <see cref="SevenZipRangesFormat"/>, format <c>7z</c>, and its
/// <see cref="Shards"/> are consecutive folder ranges (<see cref="ShardRange.First"/> the first folder,
/// <see cref="ShardRange.Count"/> how many; packed and unpacked bytes) covering folders from 0 on.
/// </summary>
public sealed record JobRecord(
    int FormatVersion,
    string JobId,
    string Bucket,
    string Key,
    string ETag,
    long Size,
    string OutputBucket,
    string OutputPrefix,
    string Rule,
    string EventId,
    int Entries,
    long CompressedBytes,
    long UncompressedBytes,
    IReadOnlyList<ShardRange> Shards,
    DateTimeOffset CreatedAt)
{
    public const int CurrentFormat = 1;

    /// <summary>The record version of a stream job (format named, one shard over the whole archive).</summary>
    public const int StreamFormat = 2;

    /// <summary>The record version of a ZIP job whose shards derive their ranges from their own plan (decision 0036).</summary>
    public const int DerivedFormat = 3;

    /// <summary>The record version of a 7z job whose shards are folder ranges (decision 0035).</summary>
    public const int SevenZipRangesFormat = 4;

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>"j" + 24 hex digits of SHA-256 over bucket, key and ETag: a valid Kubernetes name, the same on every pod.</summary>
    public static string IdFor(string bucket, string key, string eTag) => ArchiveSource.IdFor(bucket, key, eTag);

    /// <summary>A stream job's archive format (<c>tar+gzip</c>, <c>gzip</c>, <c>7z</c>, …); null for a ZIP job.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Format { get; init; }

    /// <summary>True for a stream job: one shard reads the whole archive front to back.</summary>
    [JsonIgnore]
    public bool IsStream => FormatVersion == StreamFormat;

    /// <summary>True for a ZIP job planned by its shards: each takes its range from <see cref="ShardPlanner.Split"/> of its own plan.</summary>
    [JsonIgnore]
    public bool RangesDerived => FormatVersion == DerivedFormat;

    /// <summary>True for a 7z job whose shards are folder ranges: shard i writes the files of its folders (decision 0035).</summary>
    [JsonIgnore]
    public bool IsSevenZipRanges => FormatVersion == SevenZipRangesFormat;

    /// <summary>True when this record is about exactly that archive version.</summary>
    public bool Names(string bucket, string key, string eTag) =>
        string.Equals(Bucket, bucket, StringComparison.Ordinal) && string.Equals(Key, key, StringComparison.Ordinal) && string.Equals(ETag, eTag, StringComparison.Ordinal);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <returns>The record, or null when the bytes are not one this version writes.</returns>
    public static JobRecord? TryParse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var record = JsonSerializer.Deserialize<JobRecord>(utf8Json, JsonOptions);
            return record is ({ FormatVersion: CurrentFormat or DerivedFormat, Format: null } or { FormatVersion: StreamFormat, Format: not null, Shards.Count: 1 } or { FormatVersion: SevenZipRangesFormat, Format: "7z", Shards.Count: > 0 }) and { JobId: not null, Bucket: not null, Key: not null, ETag: not null, OutputBucket: not null, OutputPrefix: not null, Rule: not null, EventId: not null, Shards: not null } && (!record.IsSevenZipRanges || AreFolderRanges(record.Shards)) ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Shard i is the i-th range, each of at least one folder, starting where the one before ended, the first at folder 0.</summary>
    private static bool AreFolderRanges(IReadOnlyList<ShardRange> shards)
    {
        var next = 0;
        for (var i = 0; i < shards.Count; i++)
        {
            if (shards[i] is not { } shard || shard.Index != i || shard.First != next || shard.Count < 1)
            {
                return false;
            }

            next += shard.Count;
        }

        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"job {JobId} ({Bucket}/{Key} ETag {ETag}, {Shards.Count} shards)");
}
