using System.Buffers.Binary;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// One central-directory record as stored, with ZIP64 values resolved. Keeps the raw record for the raw
/// name and extra field, which name decoding needs and ZipArchiveEntry does not expose (docs/facts.md §6).
/// The name and extra field are views of <see cref="Record"/> found from its length fields rather than
/// stored slices: an archive can hold 100,000 of these, and every field here is paid once per entry.
/// ZipArchive never sees <see cref="Record"/>: it is handed canonical records built from the resolved
/// values (<see cref="SyntheticCentralDirectory"/>).
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
    /// <summary>The name bytes as stored.</summary>
    public ReadOnlyMemory<byte> RawName => Record.Slice(Central.FixedSize, NameLength);

    /// <summary>The extra field as stored.</summary>
    public ReadOnlyMemory<byte> Extra =>
        Record.Slice(Central.FixedSize + NameLength, BinaryPrimitives.ReadUInt16LittleEndian(Record.Span[Central.ExtraLength..]));

    private int NameLength => BinaryPrimitives.ReadUInt16LittleEndian(Record.Span[Central.NameLength..]);

    /// <summary>
    /// Where this entry's local header and data can end at the earliest (the local header's own name and
    /// extra lengths are checked when it is read, see <see cref="LocalHeaderCheck"/>).
    /// </summary>
    public long MinimumEnd => LocalHeaderOffset + Local.FixedSize + RawName.Length + CompressedSize;
}
