using System.Buffers.Binary;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Builds the tail of a <see cref="BatchArchiveView"/>: the chosen entries' central-directory records,
/// copied byte for byte, followed by end records that place that directory at the original directory
/// offset. ZIP64 end records are added only when a value does not fit the classic record.
/// </summary>
internal static class SyntheticCentralDirectory
{
    public static byte[] Build(IReadOnlyList<ZipCentralEntry> entries, long directoryOffset, bool forceZip64 = false)
    {
        ArgumentNullException.ThrowIfNull(entries);
        long directorySize = 0;
        foreach (var entry in entries)
        {
            directorySize += entry.Record.Length;
        }

        var zip64 = forceZip64 || entries.Count >= ZipSignatures.Mask16 || directoryOffset >= ZipSignatures.Mask32 || directorySize >= ZipSignatures.Mask32;
        var total = directorySize + ZipSignatures.EndOfCentralDirectorySize + (zip64 ? ZipSignatures.Zip64EndOfCentralDirectorySize + ZipSignatures.Zip64LocatorSize : 0);
        var buffer = new byte[total];
        var position = 0;
        foreach (var entry in entries)
        {
            entry.Record.Span.CopyTo(buffer.AsSpan(position));
            position += entry.Record.Length;
        }

        if (zip64)
        {
            var record = buffer.AsSpan(position, ZipSignatures.Zip64EndOfCentralDirectorySize);
            BinaryPrimitives.WriteUInt32LittleEndian(record, ZipSignatures.Zip64EndOfCentralDirectory);
            BinaryPrimitives.WriteInt64LittleEndian(record[4..], ZipSignatures.Zip64EndOfCentralDirectorySize - 12);
            BinaryPrimitives.WriteUInt16LittleEndian(record[12..], 45);
            BinaryPrimitives.WriteUInt16LittleEndian(record[14..], 45);
            BinaryPrimitives.WriteInt64LittleEndian(record[24..], entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record[32..], entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record[40..], directorySize);
            BinaryPrimitives.WriteInt64LittleEndian(record[48..], directoryOffset);

            var locator = buffer.AsSpan(position + ZipSignatures.Zip64EndOfCentralDirectorySize, ZipSignatures.Zip64LocatorSize);
            BinaryPrimitives.WriteUInt32LittleEndian(locator, ZipSignatures.Zip64Locator);
            BinaryPrimitives.WriteInt64LittleEndian(locator[8..], directoryOffset + directorySize);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
            position += ZipSignatures.Zip64EndOfCentralDirectorySize + ZipSignatures.Zip64LocatorSize;
        }

        var end = buffer.AsSpan(position, ZipSignatures.EndOfCentralDirectorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end, ZipSignatures.EndOfCentralDirectory);
        var count = zip64 ? ZipSignatures.Mask16 : (ushort)entries.Count;
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], zip64 ? ZipSignatures.Mask32 : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], zip64 ? ZipSignatures.Mask32 : (uint)directoryOffset);
        return buffer;
    }
}
