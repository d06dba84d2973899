using OssUnzip.Function.Archive.Planning;

namespace OssUnzip.Function.Archive;

/// <summary>The outcome of a successful expansion, as returned to the caller.</summary>
public sealed record ExpansionReport(
    string Bucket,
    string Key,
    string ETag,
    string OutputPrefix,
    int EntriesWritten,
    long BytesWritten,
    int Directories,
    IReadOnlyList<EntryNote> Skipped,
    IReadOnlyList<EntryNote> Renamed,
    long DurationMs,
    int GetRequests,
    int PutRequests);
