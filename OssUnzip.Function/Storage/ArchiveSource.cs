using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Storage;

/// <summary>The archive object being expanded, pinned to the version HEAD saw.</summary>
public sealed record ArchiveSource(string Bucket, string Key, ObjectVersion Version);
