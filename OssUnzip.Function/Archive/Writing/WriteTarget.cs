namespace OssUnzip.Function.Archive.Writing;

/// <summary>Where a write pass puts its objects, and whether each carries its entry's modification time as mtime.</summary>
internal sealed record WriteTarget(string Bucket, bool WriteModifiedTime);
