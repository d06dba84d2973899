using System.Buffers.Binary;
using System.Globalization;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Reads an archive's end records and central directory once, through any seekable async stream,
/// without touching entry data. Everything it finds wrong is an <see cref="ArchiveRejectedException"/>.
/// </summary>
internal static class ZipDirectoryReader
{
    private const int MaxCommentLength = ushort.MaxValue;

    public static async Task<ZipLayout> ReadAsync(Stream archive, int maxEntries, long maxCentralDirectoryBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var length = archive.Length;
        if (length < ZipSignatures.EndOfCentralDirectorySize)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.NotAZip, $"Not a ZIP archive: {length} bytes is shorter than an end-of-central-directory record.");
        }

        // The end record sits in the last 22 bytes plus a comment of up to 64 KiB; the ZIP64 locator and
        // record sit right before it. One read of that tail serves all three in the common case.
        var tailLength = (int)Math.Min(length, ZipSignatures.EndOfCentralDirectorySize + MaxCommentLength + ZipSignatures.Zip64LocatorSize + ZipSignatures.Zip64EndOfCentralDirectorySize);
        var tailStart = length - tailLength;
        var tail = await ReadAtAsync(archive, tailStart, tailLength, cancellationToken).ConfigureAwait(false);

        var eocd = FindEndOfCentralDirectory(tail);
        if (eocd < 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.NotAZip, "Not a ZIP archive, or a truncated one: no end-of-central-directory record was found.");
        }

        var end = tail.AsSpan(eocd);
        var disk = BinaryPrimitives.ReadUInt16LittleEndian(end[4..]);
        var directoryDisk = BinaryPrimitives.ReadUInt16LittleEndian(end[6..]);
        long declaredCount = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
        var directoryEnd = tailStart + eocd;

        if (eocd >= ZipSignatures.Zip64LocatorSize &&
            BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd - ZipSignatures.Zip64LocatorSize)) == ZipSignatures.Zip64Locator)
        {
            var locator = tail.AsSpan(eocd - ZipSignatures.Zip64LocatorSize);
            var declaredRecordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
            var (record, recordPosition) = await ReadZip64RecordAsync(archive, declaredRecordOffset, tailStart + eocd - ZipSignatures.Zip64LocatorSize, cancellationToken).ConfigureAwait(false);
            disk = (ushort)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(16)), ushort.MaxValue);
            directoryDisk = (ushort)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(20)), ushort.MaxValue);
            declaredCount = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32));
            directorySize = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40));
            directoryOffset = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48));
            directoryEnd = recordPosition;
        }

        if (disk != 0 || directoryDisk != 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.UnsupportedArchive, "Split or spanned (multi-disk) archives are not supported.");
        }

        if (declaredCount > maxEntries)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.LimitExceeded, string.Create(CultureInfo.InvariantCulture, $"The archive declares {declaredCount} entries; the limit (Archive:MaxEntries) is {maxEntries}."));
        }

        if (directorySize < 0 || directorySize > maxCentralDirectoryBytes)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.LimitExceeded, string.Create(CultureInfo.InvariantCulture, $"The central directory is {directorySize} bytes; at most {maxCentralDirectoryBytes} are accepted."));
        }

        var directoryStart = directoryEnd - directorySize;
        var prefixLength = directoryStart - directoryOffset;
        if (directoryStart < 0 || directoryOffset < 0 || prefixLength < 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, "The central directory's declared position does not fit the archive: it is truncated or corrupt.");
        }

        var directory = directoryStart >= tailStart
            ? tail.AsMemory((int)(directoryStart - tailStart), (int)directorySize)
            : await ReadAtAsync(archive, directoryStart, (int)directorySize, cancellationToken).ConfigureAwait(false);

        var entries = ParseEntries(directory, maxEntries);
        if (entries.Count != declaredCount && entries.Count % 0x10000 != declaredCount)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"The central directory holds {entries.Count} entries but the end record declares {declaredCount}: the archive is corrupt."));
        }

        return new ZipLayout(entries, directoryOffset, prefixLength, length);
    }

    /// <summary>Scans backwards for an end record whose comment reaches exactly to the end of the tail.</summary>
    private static int FindEndOfCentralDirectory(ReadOnlySpan<byte> tail)
    {
        var lenient = -1;
        for (var i = tail.Length - ZipSignatures.EndOfCentralDirectorySize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail[i..]) != ZipSignatures.EndOfCentralDirectory)
            {
                continue;
            }

            var commentEnd = i + ZipSignatures.EndOfCentralDirectorySize + BinaryPrimitives.ReadUInt16LittleEndian(tail[(i + 20)..]);
            if (commentEnd == tail.Length)
            {
                return i;
            }

            if (commentEnd < tail.Length && lenient < 0)
            {
                lenient = i;
            }
        }

        // Some writers leave bytes after the comment; accept the last well-formed record then.
        return lenient;
    }

    /// <summary>
    /// Reads the ZIP64 end record where the locator says, or, when data was prepended, where it must be
    /// (right before the locator).
    /// </summary>
    private static async Task<(byte[] Record, long Position)> ReadZip64RecordAsync(Stream archive, long declaredOffset, long locatorPosition, CancellationToken cancellationToken)
    {
        foreach (var position in new[] { declaredOffset, locatorPosition - ZipSignatures.Zip64EndOfCentralDirectorySize })
        {
            if (position < 0 || position + ZipSignatures.Zip64EndOfCentralDirectorySize > locatorPosition)
            {
                continue;
            }

            var record = await ReadAtAsync(archive, position, ZipSignatures.Zip64EndOfCentralDirectorySize, cancellationToken).ConfigureAwait(false);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) == ZipSignatures.Zip64EndOfCentralDirectory)
            {
                return (record, position);
            }
        }

        throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, "The ZIP64 end-of-central-directory record is missing or corrupt.");
    }

    private static List<ZipCentralEntry> ParseEntries(ReadOnlyMemory<byte> directory, int maxEntries)
    {
        var entries = new List<ZipCentralEntry>();
        var offset = 0;
        while (offset < directory.Length)
        {
            var span = directory.Span[offset..];
            if (span.Length < ZipSignatures.CentralDirectoryRecordFixedSize || BinaryPrimitives.ReadUInt32LittleEndian(span) != ZipSignatures.CentralDirectoryRecord)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Central directory record {entries.Count} is corrupt."));
            }

            if (entries.Count == maxEntries)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.LimitExceeded, string.Create(CultureInfo.InvariantCulture, $"The archive holds more than {maxEntries} entries (Archive:MaxEntries)."));
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(span[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(span[32..]);
            var recordLength = ZipSignatures.CentralDirectoryRecordFixedSize + nameLength + extraLength + commentLength;
            if (recordLength > span.Length)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Central directory record {entries.Count} runs past the end of the directory."));
            }

            var record = directory.Slice(offset, recordLength);
            entries.Add(ParseEntry(entries.Count, record, nameLength, extraLength));
            offset += recordLength;
        }

        return entries;
    }

    private static ZipCentralEntry ParseEntry(int index, ReadOnlyMemory<byte> record, int nameLength, int extraLength)
    {
        var span = record.Span;
        var extra = record.Slice(ZipSignatures.CentralDirectoryRecordFixedSize + nameLength, extraLength);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(span[20..]);
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(span[24..]);
        long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(span[42..]);
        var diskStart = BinaryPrimitives.ReadUInt16LittleEndian(span[34..]);

        // ZIP64 extra: only the fields saturated in the fixed record are present, in this order.
        var zip64 = FindExtraField(extra.Span, ZipSignatures.Zip64ExtraFieldId);
        var position = 0;
        if (uncompressed == ZipSignatures.Mask32)
        {
            uncompressed = ReadZip64Value(zip64, ref position, index, "uncompressed size");
        }

        if (compressed == ZipSignatures.Mask32)
        {
            compressed = ReadZip64Value(zip64, ref position, index, "compressed size");
        }

        if (localOffset == ZipSignatures.Mask32)
        {
            localOffset = ReadZip64Value(zip64, ref position, index, "local header offset");
        }

        if (diskStart != 0 && diskStart != ZipSignatures.Mask16)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.UnsupportedArchive, "Split or spanned (multi-disk) archives are not supported.");
        }

        return new ZipCentralEntry(
            index,
            VersionMadeBy: BinaryPrimitives.ReadUInt16LittleEndian(span[4..]),
            Flags: BinaryPrimitives.ReadUInt16LittleEndian(span[8..]),
            Method: BinaryPrimitives.ReadUInt16LittleEndian(span[10..]),
            Crc32: BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
            CompressedSize: compressed,
            UncompressedSize: uncompressed,
            LocalHeaderOffset: localOffset,
            ExternalAttributes: BinaryPrimitives.ReadUInt32LittleEndian(span[38..]),
            Record: record);
    }

    private static long ReadZip64Value(ReadOnlySpan<byte> zip64, ref int position, int index, string field)
    {
        if (position + 8 > zip64.Length)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Entry {index} needs a ZIP64 {field} but its ZIP64 extra field is missing or short."));
        }

        var value = BinaryPrimitives.ReadInt64LittleEndian(zip64[position..]);
        position += 8;
        if (value < 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Entry {index} has an impossible ZIP64 {field}."));
        }

        return value;
    }

    /// <summary>The data of the first extra-field block with this id, or empty.</summary>
    internal static ReadOnlySpan<byte> FindExtraField(ReadOnlySpan<byte> extra, ushort id)
    {
        while (extra.Length >= 4)
        {
            var blockId = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + size > extra.Length)
            {
                return [];
            }

            if (blockId == id)
            {
                return extra.Slice(4, size);
            }

            extra = extra[(4 + size)..];
        }

        return [];
    }

    private static async Task<byte[]> ReadAtAsync(Stream archive, long position, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        archive.Position = position;
        try
        {
            await archive.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, "The archive ends before its central directory does: it is truncated.", innerException: e);
        }

        return buffer;
    }
}
