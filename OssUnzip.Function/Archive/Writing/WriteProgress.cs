namespace OssUnzip.Function.Archive.Writing;

/// <summary>Totals of one write pass so far; reported by <see cref="ArchiveWriter"/> as objects complete.</summary>
public readonly record struct WriteProgress(int ObjectsWritten, long BytesWritten);
