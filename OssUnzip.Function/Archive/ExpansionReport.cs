using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Archive.Planning;

namespace OssUnzip.Function.Archive;

/// <summary>
/// The outcome of a successful expansion: returned to the caller (without the object list) and kept in
/// the manifest. <see cref="Objects"/> is read from the expansion's plan when listed (one new
/// <see cref="WrittenObject"/> per read), so the report holds no per-object copy of up to 100,000 keys.
/// </summary>
public sealed record ExpansionReport(
    string Bucket,
    string Key,
    string ETag,
    long Size,
    string OutputPrefix,
    int EntriesWritten,
    long BytesWritten,
    int Directories,
    IReadOnlyList<EntryNote> Skipped,
    IReadOnlyList<EntryNote> Renamed,
    IReadOnlyList<WrittenObject> Objects,
    DateTimeOffset StartedAt,
    long DurationMs,
    int GetRequests,
    int PutRequests)
{
    /// <summary>Which encoding decoded which entry names, and whether it was guessed (one note per group).</summary>
    public IReadOnlyList<NameEncodingNote> NameEncodings { get; init; } = [];

    /// <summary>What the archive is, as its bytes say: zip, tar, tar+gzip, tar+bzip2, tar+xz, tar+zstd, gzip (see <see cref="Formats.ArchiveFormat"/>).</summary>
    public string Format { get; init; } = "zip";
    /// <summary>What the archive as a whole got wrong without stopping the expansion (see <see cref="ArchiveNoteCodes"/>).</summary>
    public IReadOnlyList<ArchiveNote> Notes { get; init; } = [];
    /// <summary>The bucket the objects (and the manifest) went to; null: the archive's own <see cref="Bucket"/>.</summary>
    public string? OutputBucket { get; init; }
    /// <summary>HEAD requests an overwrite policy other than overwrite made before writing.</summary>
    public int HeadRequests { get; init; }
}
