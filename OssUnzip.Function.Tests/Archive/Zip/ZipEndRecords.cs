using System.Buffers.Binary;
using OssUnzip.Function.Archive.Zip;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>Hand-built end records for tests: rewrites a classic archive's tail (no comment) as ZIP64.</summary>
internal static class ZipEndRecords
{
    /// <summary>
    /// The archive with a ZIP64 end record and locator inserted before its end record, whose fields are
    /// then saturated; <paramref name="edit"/> may change the ZIP64 record before it is written.
    /// </summary>
    public static byte[] WithZip64(byte[] archive, Action<Span<byte>>? edit = null)
    {
        var endAt = archive.Length - End.FixedSize;
        var end = archive.AsSpan(endAt);
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(end[End.Entries..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(end[End.DirectorySize..]);
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(end[End.DirectoryOffset..]);
        var record = new byte[Zip64End.FixedSize];
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(Zip64End.Signature), ZipSignatures.Zip64EndOfCentralDirectory);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(Zip64End.RecordSize), Zip64End.FixedSize - Zip64End.SizeFieldExcludes);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(Zip64End.VersionMadeBy), 45);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(Zip64End.VersionNeeded), 45);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(Zip64End.EntriesOnDisk), entries);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(Zip64End.Entries), entries);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(Zip64End.DirectorySize), size);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(Zip64End.DirectoryOffset), offset);
        edit?.Invoke(record);
        var locator = new byte[Zip64Locator.FixedSize];
        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(Zip64Locator.Signature), ZipSignatures.Zip64Locator);
        BinaryPrimitives.WriteInt64LittleEndian(locator.AsSpan(Zip64Locator.RecordOffset), endAt);
        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(Zip64Locator.TotalDisks), 1);
        var classic = end.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(classic.AsSpan(End.EntriesOnDisk), ZipSignatures.Mask16);
        BinaryPrimitives.WriteUInt16LittleEndian(classic.AsSpan(End.Entries), ZipSignatures.Mask16);
        BinaryPrimitives.WriteUInt32LittleEndian(classic.AsSpan(End.DirectorySize), ZipSignatures.Mask32);
        BinaryPrimitives.WriteUInt32LittleEndian(classic.AsSpan(End.DirectoryOffset), ZipSignatures.Mask32);
        return [.. archive.AsSpan(0, endAt), .. record, .. locator, .. classic];
    }
}
