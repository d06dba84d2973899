namespace OssUnzip.Function.Archive.Tar;

/// <summary>One stretch of a sparse member's data: <see cref="Length"/> bytes at <see cref="Offset"/> of the expanded file.</summary>
internal readonly record struct SparseSegment(long Offset, long Length);
