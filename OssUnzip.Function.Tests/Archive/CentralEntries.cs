using System.Buffers.Binary;
using System.Text;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive;

/// <summary>
/// Central-directory entries made by hand, for layouts no honest writer produces (overlaps, lying
/// sizes, unsupported methods). Only the fields planning and batching read are meaningful.
/// </summary>
internal static class CentralEntries
{
    public static ZipCentralEntry Create(
        int index,
        string name,
        long localHeaderOffset,
        long compressedSize,
        long uncompressedSize,
        ushort method = 8,
        ushort flags = 0x0800) =>
        Create(index, Encoding.UTF8.GetBytes(name), localHeaderOffset, compressedSize, uncompressedSize, method, flags);

    /// <summary>An entry whose name is exactly these bytes (a legacy code page, NFD...).</summary>
    public static ZipCentralEntry Create(
        int index,
        byte[] rawName,
        long localHeaderOffset,
        long compressedSize,
        long uncompressedSize,
        ushort method = 8,
        ushort flags = 0x0800) =>
        new(
            index,
            VersionMadeBy: 20,
            Flags: flags,
            Method: method,
            Crc32: 0,
            CompressedSize: compressedSize,
            UncompressedSize: uncompressedSize,
            LocalHeaderOffset: localHeaderOffset,
            ExternalAttributes: 0,
            Record: RecordNaming(rawName));

    /// <summary>
    /// A central record carrying only its signature, the name length and the name: the entry reads its
    /// name and extra field through the record's length fields.
    /// </summary>
    private static byte[] RecordNaming(byte[] nameBytes)
    {
        var record = new byte[ZipHeaderFields.Central.FixedSize + nameBytes.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, ZipSignatures.CentralDirectoryRecord);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(ZipHeaderFields.Central.NameLength), checked((ushort)nameBytes.Length));
        nameBytes.CopyTo(record.AsSpan(ZipHeaderFields.Central.FixedSize));
        return record;
    }

    /// <summary>Entries laid out back to back the way a writer would: header, name, data, next header.</summary>
    public static ZipLayout Sequential(params (string Name, long Compressed, long Uncompressed)[] entries)
    {
        var list = new List<ZipCentralEntry>();
        long offset = 0;
        foreach (var (name, compressed, uncompressed) in entries)
        {
            list.Add(Create(list.Count, name, offset, compressed, uncompressed));
            offset += ZipHeaderFields.Local.FixedSize + Encoding.UTF8.GetByteCount(name) + compressed;
        }

        return new ZipLayout(list, offset, PrefixLength: 0, ArchiveLength: offset + 22);
    }

    /// <summary>Like <see cref="Sequential(ValueTuple{string, long, long}[])"/>, with raw name bytes and no UTF-8 flag, as legacy and macOS writers store them.</summary>
    public static ZipLayout SequentialRaw(params byte[][] names)
    {
        var list = new List<ZipCentralEntry>();
        long offset = 0;
        foreach (var name in names)
        {
            // Folders hold no bytes, as every writer makes them.
            var size = name[^1] == (byte)'/' ? 0 : 10;
            list.Add(Create(list.Count, name, offset, size, size, flags: 0));
            offset += ZipHeaderFields.Local.FixedSize + name.Length + size;
        }

        return new ZipLayout(list, offset, PrefixLength: 0, ArchiveLength: offset + 22);
    }
}
