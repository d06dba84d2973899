using OssUnzip.Function.Archive.Planning;

namespace OssUnzip.Function.Archive;

/// <summary>The outcome of a successful expansion: returned to the caller (without the object list) and kept in the manifest.</summary>
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
    int PutRequests);
