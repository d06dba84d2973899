using System.Buffers.Binary;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// One central-directory record as stored, with ZIP64 values resolved. Keeps the raw record so a
/// reader can present a subset of entries to ZipArchive byte for byte (see <see cref="BatchArchiveView"/>),
/// and the raw name and extra field, which ZipArchiveEntry does not expose (docs/facts.md §6). The name and
/// extra field are views of <see cref="Record"/> found from its length fields rather than stored
/// slices: an archive can hold 100,000 of these, and every field here is paid once per entry.
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
    ReadOnlyMemory<byte> Record)
{
    /// <summary>The name bytes as stored (the record's 2-byte name length sits at offset 28).</summary>
    public ReadOnlyMemory<byte> RawName => Record.Slice(ZipSignatures.CentralDirectoryRecordFixedSize, NameLength);

    /// <summary>The extra field as stored (its 2-byte length sits at offset 30, after the name).</summary>
    public ReadOnlyMemory<byte> Extra =>
        Record.Slice(ZipSignatures.CentralDirectoryRecordFixedSize + NameLength, BinaryPrimitives.ReadUInt16LittleEndian(Record.Span[30..]));

    private int NameLength => BinaryPrimitives.ReadUInt16LittleEndian(Record.Span[28..]);

    /// <summary>Size of a local file header before its name and extra field.</summary>
    public const int LocalHeaderFixedSize = 30;

    /// <summary>Where this entry's local header and data can end at the earliest.</summary>
    public long MinimumEnd => LocalHeaderOffset + LocalHeaderFixedSize + RawName.Length + CompressedSize;
}
