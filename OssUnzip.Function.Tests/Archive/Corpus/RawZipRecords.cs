using System.Buffers.Binary;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// Byte-exact ZIP records for archives no real writer would produce (overlapping entries, lying
/// sizes or CRCs). Field layout from APPNOTE 4.3.7 (local header), 4.3.12 (central header) and 4.3.16
/// (end of central directory). Times are fixed so output is deterministic.
/// </summary>
internal static class RawZipRecords
{
    private const ushort VersionNeeded = 20;
    private const ushort DosTime = 0x6000;
    private const ushort DosDate = 0x58B1;

    public static byte[] LocalHeader(byte[] name, ushort method, uint crc, uint compressedSize, uint uncompressedSize, ushort flags = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        var header = new byte[30 + name.Length];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], method);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[18..], compressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], uncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[26..], (ushort)name.Length);
        name.CopyTo(span[30..]);
        return header;
    }

    public static byte[] CentralHeader(
        byte[] name,
        ushort method,
        uint crc,
        uint compressedSize,
        uint uncompressedSize,
        uint localHeaderOffset,
        ushort flags = 0,
        ushort versionMadeBy = 0x031E,
        uint externalAttributes = 0x81A4_0000)
    {
        ArgumentNullException.ThrowIfNull(name);
        var header = new byte[46 + name.Length];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], versionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], method);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], compressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], uncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[28..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[38..], externalAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(span[42..], localHeaderOffset);
        name.CopyTo(span[46..]);
        return header;
    }

    public static byte[] EndOfCentralDirectory(int entryCount, uint directorySize, uint directoryOffset, byte[]? comment = null)
    {
        comment ??= [];
        var record = new byte[22 + comment.Length];
        var span = record.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)entryCount);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], (ushort)entryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], directoryOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], (ushort)comment.Length);
        comment.CopyTo(span[22..]);
        return record;
    }
}
