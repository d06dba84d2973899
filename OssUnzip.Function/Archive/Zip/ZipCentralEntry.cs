namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// One central-directory record as stored, with ZIP64 values resolved. Keeps the raw record so a
/// reader can present a subset of entries to ZipArchive byte for byte (see <see cref="BatchArchiveView"/>),
/// and the raw name and extra field, which ZipArchiveEntry does not expose (FACTS §6).
/// </summary>
internal sealed record ZipCentralEntry(
    int Index,
    ushort VersionMadeBy,
    ushort Flags,
    ushort Method,
    uint Crc32,
    long CompressedSize,
    long UncompressedSize,
    long LocalHeaderOffset,
    uint ExternalAttributes,
    ReadOnlyMemory<byte> RawName,
    ReadOnlyMemory<byte> Extra,
    ReadOnlyMemory<byte> Record)
{
    /// <summary>Size of a local file header before its name and extra field.</summary>
    public const int LocalHeaderFixedSize = 30;

    /// <summary>Where this entry's local header and data can end at the earliest.</summary>
    public long MinimumEnd => LocalHeaderOffset + LocalHeaderFixedSize + RawName.Length + CompressedSize;
}
