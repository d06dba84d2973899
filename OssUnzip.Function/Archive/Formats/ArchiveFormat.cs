namespace OssUnzip.Function.Archive.Formats;

/// <summary>
/// What an archive is, as its bytes say: a container (<see cref="Container"/>) and, for tar and single
/// files, the compression around it. <see cref="Name"/> is how reports, manifests and completion events
/// name it: <c>zip</c>, <c>tar</c>, <c>tar+gzip</c>, <c>tar+bzip2</c>, <c>tar+xz</c>, <c>tar+zstd</c>,
/// <c>gzip</c>, <c>7z</c>.
/// </summary>
public sealed record ArchiveFormat(ArchiveContainer Container, StreamCompression Compression)
{
    public static ArchiveFormat Zip { get; } = new(ArchiveContainer.Zip, StreamCompression.None);
    public static ArchiveFormat Tar { get; } = new(ArchiveContainer.Tar, StreamCompression.None);
    public static ArchiveFormat Gzip { get; } = new(ArchiveContainer.SingleFile, StreamCompression.Gzip);
    public static ArchiveFormat SevenZip { get; } = new(ArchiveContainer.SevenZip, StreamCompression.None);

    public string Name => (Container, Compression) switch
    {
        (ArchiveContainer.Zip, _) => "zip",
        (ArchiveContainer.SingleFile, StreamCompression.Gzip) => "gzip",
        (ArchiveContainer.SevenZip, _) => "7z",
        (ArchiveContainer.Tar, StreamCompression.None) => "tar",
        (ArchiveContainer.Tar, var c) => "tar+" + CompressionName(c),
        (var container, var c) => container.ToString().ToLowerInvariant() + (c == StreamCompression.None ? "" : "+" + CompressionName(c)),
    };

    public static ArchiveFormat CompressedTar(StreamCompression compression) => new(ArchiveContainer.Tar, compression);

    private static string CompressionName(StreamCompression compression) => compression switch
    {
        StreamCompression.Gzip => "gzip",
        StreamCompression.Bzip2 => "bzip2",
        StreamCompression.Xz => "xz",
        StreamCompression.Zstd => "zstd",
        _ => "none",
    };

    public override string ToString() => Name;
}
