namespace OssUnzip.Function.Archive.Formats;

/// <summary>A whole-stream compression around a tar or a single file.</summary>
public enum StreamCompression
{
    None,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}
