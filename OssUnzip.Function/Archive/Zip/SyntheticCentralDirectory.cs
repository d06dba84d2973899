using System.Buffers.Binary;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Canonical records for ZipArchive to parse in place of the archive's own (see <see cref="BatchArchiveView"/>):
/// a local header per entry and a central directory, both written from the values our checks resolved,
/// with a one-letter name, no comment, no data descriptor and a ZIP64 block only when a value needs one,
/// holding exactly the saturated fields in APPNOTE 4.5.3 order. Nothing in them comes from the archive's
/// own header bytes, so a reader that parses ZIP64 blocks, extra lengths or descriptors differently
/// from us has nothing to parse differently.
/// </summary>
internal static class SyntheticCentralDirectory
{
    private static readonly byte[] Name = "e"u8.ToArray();

    /// <summary>DOS date 1980-01-01: the earliest valid one (ZipArchive reads it as the entry's time; nothing else does).</summary>
    private const ushort DosDate = (1 << 5) | 1;

    private const int Zip64ValueSize = sizeof(long);

    /// <summary>The length of <see cref="WriteLocalHeader"/>'s output for this entry.</summary>
    public static int LocalHeaderLength(ZipCentralEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Local.FixedSize + Name.Length + LocalZip64Length(entry);
    }

    /// <summary>A local header for the entry, ZIP64 (both sizes, as APPNOTE 4.5.3 asks of a local header) when a size needs it.</summary>
    public static byte[] WriteLocalHeader(ZipCentralEntry entry)
    {
        var zip64Length = LocalZip64Length(entry);
        var header = new byte[LocalHeaderLength(entry)];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span[Local.Signature..], ZipSignatures.LocalFileHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(span[Local.VersionNeeded..], zip64Length > 0 ? Versions.Zip64 : Versions.Default);
        BinaryPrimitives.WriteUInt16LittleEndian(span[Local.Method..], entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(span[Local.Date..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[Local.Crc32..], entry.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(span[Local.CompressedSize..], zip64Length > 0 ? ZipSignatures.Mask32 : (uint)entry.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[Local.UncompressedSize..], zip64Length > 0 ? ZipSignatures.Mask32 : (uint)entry.UncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[Local.NameLength..], (ushort)Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[Local.ExtraLength..], (ushort)zip64Length);
        Name.CopyTo(span[Local.FixedSize..]);
        if (zip64Length > 0)
        {
            var block = span[(Local.FixedSize + Name.Length)..];
            WriteBlockHeader(block, zip64Length);
            BinaryPrimitives.WriteInt64LittleEndian(block[ExtraBlock.HeaderSize..], entry.UncompressedSize);
            BinaryPrimitives.WriteInt64LittleEndian(block[(ExtraBlock.HeaderSize + Zip64ValueSize)..], entry.CompressedSize);
        }

        return header;
    }

    /// <summary>
    /// Central records for <paramref name="entries"/>, whose local headers sit at
    /// <paramref name="localHeaderOffsets"/>, followed by end records that place the directory at
    /// <paramref name="directoryOffset"/>. ZIP64 end records are added only when a value does not fit
    /// the classic record (or when <paramref name="forceZip64"/> asks, for tests).
    /// </summary>
    public static byte[] Build(IReadOnlyList<ZipCentralEntry> entries, IReadOnlyList<long> localHeaderOffsets, long directoryOffset, bool forceZip64 = false)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(localHeaderOffsets);
        ArgumentOutOfRangeException.ThrowIfNotEqual(localHeaderOffsets.Count, entries.Count);
        long directorySize = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            directorySize += Central.FixedSize + Name.Length + CentralZip64Length(entries[i], localHeaderOffsets[i]);
        }

        var zip64 = forceZip64 || entries.Count >= ZipSignatures.Mask16 || directoryOffset >= ZipSignatures.Mask32 || directorySize >= ZipSignatures.Mask32;
        var total = directorySize + End.FixedSize + (zip64 ? Zip64End.FixedSize + Zip64Locator.FixedSize : 0);
        var buffer = new byte[total];
        var position = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            position += WriteCentralRecord(buffer.AsSpan(position), entries[i], localHeaderOffsets[i]);
        }

        if (zip64)
        {
            var record = buffer.AsSpan(position, Zip64End.FixedSize);
            BinaryPrimitives.WriteUInt32LittleEndian(record[Zip64End.Signature..], ZipSignatures.Zip64EndOfCentralDirectory);
            BinaryPrimitives.WriteInt64LittleEndian(record[Zip64End.RecordSize..], Zip64End.FixedSize - Zip64End.SizeFieldExcludes);
            BinaryPrimitives.WriteUInt16LittleEndian(record[Zip64End.VersionMadeBy..], Versions.Zip64);
            BinaryPrimitives.WriteUInt16LittleEndian(record[Zip64End.VersionNeeded..], Versions.Zip64);
            BinaryPrimitives.WriteInt64LittleEndian(record[Zip64End.EntriesOnDisk..], entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record[Zip64End.Entries..], entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record[Zip64End.DirectorySize..], directorySize);
            BinaryPrimitives.WriteInt64LittleEndian(record[Zip64End.DirectoryOffset..], directoryOffset);

            var locator = buffer.AsSpan(position + Zip64End.FixedSize, Zip64Locator.FixedSize);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[Zip64Locator.Signature..], ZipSignatures.Zip64Locator);
            BinaryPrimitives.WriteInt64LittleEndian(locator[Zip64Locator.RecordOffset..], directoryOffset + directorySize);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[Zip64Locator.TotalDisks..], 1);
            position += Zip64End.FixedSize + Zip64Locator.FixedSize;
        }

        var end = buffer.AsSpan(position, End.FixedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[End.Signature..], ZipSignatures.EndOfCentralDirectory);
        var count = zip64 ? ZipSignatures.Mask16 : (ushort)entries.Count;
        BinaryPrimitives.WriteUInt16LittleEndian(end[End.EntriesOnDisk..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[End.Entries..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[End.DirectorySize..], zip64 ? ZipSignatures.Mask32 : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[End.DirectoryOffset..], zip64 ? ZipSignatures.Mask32 : (uint)directoryOffset);
        return buffer;
    }

    private static int WriteCentralRecord(Span<byte> record, ZipCentralEntry entry, long localHeaderOffset)
    {
        var uncompressed = entry.UncompressedSize >= ZipSignatures.Mask32;
        var compressed = entry.CompressedSize >= ZipSignatures.Mask32;
        var offset = localHeaderOffset >= ZipSignatures.Mask32;
        var zip64Length = CentralZip64Length(entry, localHeaderOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(record[Central.Signature..], ZipSignatures.CentralDirectoryRecord);
        BinaryPrimitives.WriteUInt16LittleEndian(record[Central.VersionMadeBy..], entry.VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(record[Central.VersionNeeded..], zip64Length > 0 ? Versions.Zip64 : Versions.Default);
        BinaryPrimitives.WriteUInt16LittleEndian(record[Central.Method..], entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(record[Central.Date..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(record[Central.Crc32..], entry.Crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(record[Central.CompressedSize..], compressed ? ZipSignatures.Mask32 : (uint)entry.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(record[Central.UncompressedSize..], uncompressed ? ZipSignatures.Mask32 : (uint)entry.UncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(record[Central.NameLength..], (ushort)Name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(record[Central.ExtraLength..], (ushort)zip64Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[Central.ExternalAttributes..], entry.ExternalAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(record[Central.LocalHeaderOffset..], offset ? ZipSignatures.Mask32 : (uint)localHeaderOffset);
        Name.CopyTo(record[Central.FixedSize..]);
        if (zip64Length > 0)
        {
            var block = record[(Central.FixedSize + Name.Length)..];
            WriteBlockHeader(block, zip64Length);
            var at = ExtraBlock.HeaderSize;
            foreach (var (present, value) in new[] { (uncompressed, entry.UncompressedSize), (compressed, entry.CompressedSize), (offset, localHeaderOffset) })
            {
                if (present)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(block[at..], value);
                    at += Zip64ValueSize;
                }
            }
        }

        return Central.FixedSize + Name.Length + zip64Length;
    }

    private static void WriteBlockHeader(Span<byte> block, int totalLength)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(block[ExtraBlock.Id..], ZipSignatures.Zip64ExtraFieldId);
        BinaryPrimitives.WriteUInt16LittleEndian(block[ExtraBlock.DataSize..], (ushort)(totalLength - ExtraBlock.HeaderSize));
    }

    private static int LocalZip64Length(ZipCentralEntry entry) =>
        entry.UncompressedSize >= ZipSignatures.Mask32 || entry.CompressedSize >= ZipSignatures.Mask32 ? ExtraBlock.HeaderSize + (2 * Zip64ValueSize) : 0;

    private static int CentralZip64Length(ZipCentralEntry entry, long localHeaderOffset)
    {
        var fields = (entry.UncompressedSize >= ZipSignatures.Mask32 ? 1 : 0) + (entry.CompressedSize >= ZipSignatures.Mask32 ? 1 : 0) + (localHeaderOffset >= ZipSignatures.Mask32 ? 1 : 0);
        return fields == 0 ? 0 : ExtraBlock.HeaderSize + (fields * Zip64ValueSize);
    }
}
