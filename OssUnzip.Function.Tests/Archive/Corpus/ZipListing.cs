using System.Buffers.Binary;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// A deliberately small, test-only reader of a ZIP's end records and central directory, so tests can
/// see what a tool really wrote (raw name bytes, flags, methods, attributes, extra fields) without
/// going through the product's reader. It trusts the offsets it finds, except that it accounts for
/// bytes prepended without adjusting them (the EOCD's position minus the directory's declared end).
/// </summary>
internal sealed class ZipListing
{
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint Zip64EndOfCentralDirectorySignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const int EndOfCentralDirectoryLength = 22;
    private const int CentralHeaderLength = 46;
    private const int Zip64LocatorLength = 20;
    private const int Zip64EndOfCentralDirectoryLength = 56;

    private ZipListing(IReadOnlyList<ZipListingEntry> entries, byte[] comment, long prependedBytes, bool isZip64)
    {
        Entries = entries;
        Comment = comment;
        PrependedBytes = prependedBytes;
        IsZip64 = isZip64;
    }

    public IReadOnlyList<ZipListingEntry> Entries { get; }

    public byte[] Comment { get; }

    /// <summary>Bytes before the archive that its offsets do not account for.</summary>
    public long PrependedBytes { get; }

    public bool IsZip64 { get; }

    public static ZipListing Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file);
    }

    public static bool TryRead(string path, out ZipListing? listing)
    {
        try
        {
            listing = Read(path);
            return true;
        }
        catch (InvalidDataException)
        {
            listing = null;
            return false;
        }
    }

    /// <summary>Whether an end of central directory record closes the file (what "is a ZIP" means here).</summary>
    public static bool HasEndRecord(string path)
    {
        using var file = File.OpenRead(path);
        var tailLength = (int)Math.Min(file.Length, EndOfCentralDirectoryLength + ushort.MaxValue);
        try
        {
            FindEndOfCentralDirectory(ReadAt(file, file.Length - tailLength, tailLength));
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    public static ZipListing Read(Stream archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var tailLength = (int)Math.Min(archive.Length, EndOfCentralDirectoryLength + ushort.MaxValue + Zip64LocatorLength);
        var tailStart = archive.Length - tailLength;
        var tail = ReadAt(archive, tailStart, tailLength);
        var eocd = FindEndOfCentralDirectory(tail);

        var span = tail.AsSpan();
        long entryCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(eocd + 10)..]);
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(span[(eocd + 12)..]);
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(span[(eocd + 16)..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(span[(eocd + 20)..]);
        var comment = span.Slice(eocd + EndOfCentralDirectoryLength, commentLength).ToArray();
        var directoryEnd = tailStart + eocd;

        var locator = eocd - Zip64LocatorLength;
        var isZip64 = locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(span[locator..]) == Zip64LocatorSignature;
        if (isZip64)
        {
            var zip64EndOffset = BinaryPrimitives.ReadInt64LittleEndian(span[(locator + 8)..]);
            var zip64End = ReadAt(archive, zip64EndOffset, Zip64EndOfCentralDirectoryLength);
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip64End) != Zip64EndOfCentralDirectorySignature)
            {
                throw new InvalidDataException("ZIP64 end record not where its locator says.");
            }

            entryCount = BinaryPrimitives.ReadInt64LittleEndian(zip64End.AsSpan(32));
            directorySize = BinaryPrimitives.ReadInt64LittleEndian(zip64End.AsSpan(40));
            directoryOffset = BinaryPrimitives.ReadInt64LittleEndian(zip64End.AsSpan(48));
            directoryEnd = zip64EndOffset;
        }

        var prepended = directoryEnd - (directoryOffset + directorySize);
        if (prepended < 0 || directorySize > int.MaxValue)
        {
            throw new InvalidDataException("The central directory lies outside the file.");
        }

        var directory = ReadAt(archive, directoryOffset + prepended, (int)directorySize);
        return new ZipListing(ParseDirectory(directory, entryCount), comment, prepended, isZip64);
    }

    private static List<ZipListingEntry> ParseDirectory(byte[] directory, long entryCount)
    {
        var span = directory.AsSpan();
        var entries = new List<ZipListingEntry>();
        var position = 0;
        for (long i = 0; i < entryCount; i++)
        {
            if (position + CentralHeaderLength > directory.Length
                || BinaryPrimitives.ReadUInt32LittleEndian(span[position..]) != CentralHeaderSignature)
            {
                throw new InvalidDataException($"Central directory record {i} is missing.");
            }

            var header = span.Slice(position, CentralHeaderLength);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int entryCommentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            if (position + CentralHeaderLength + nameLength + extraLength + entryCommentLength > directory.Length)
            {
                throw new InvalidDataException($"Central directory record {i} is truncated.");
            }

            var name = span.Slice(position + CentralHeaderLength, nameLength).ToArray();
            var extra = span.Slice(position + CentralHeaderLength + nameLength, extraLength).ToArray();

            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            ApplyZip64(extra, ref uncompressed, ref compressed, ref offset);

            entries.Add(new ZipListingEntry(
                name,
                BinaryPrimitives.ReadUInt16LittleEndian(header[4..]),
                BinaryPrimitives.ReadUInt16LittleEndian(header[8..]),
                BinaryPrimitives.ReadUInt16LittleEndian(header[10..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[16..]),
                compressed,
                uncompressed,
                BinaryPrimitives.ReadUInt32LittleEndian(header[38..]),
                offset,
                extra));
            position += CentralHeaderLength + nameLength + extraLength + entryCommentLength;
        }

        return entries;
    }

    private static int FindEndOfCentralDirectory(byte[] tail)
    {
        for (var i = tail.Length - EndOfCentralDirectoryLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectorySignature
                && i + EndOfCentralDirectoryLength + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20)) == tail.Length)
            {
                return i;
            }
        }

        throw new InvalidDataException("No end of central directory record.");
    }

    private static byte[] ReadAt(Stream archive, long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > archive.Length)
        {
            throw new InvalidDataException("A record lies outside the file.");
        }

        var buffer = new byte[length];
        archive.Position = offset;
        archive.ReadExactly(buffer);
        return buffer;
    }

    private static void ApplyZip64(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            var body = extra.Slice(4, Math.Min(size, extra.Length - 4));
            extra = extra[Math.Min(extra.Length, 4 + size)..];
            if (id != 0x0001)
            {
                continue;
            }

            if (uncompressed == uint.MaxValue && body.Length >= 8)
            {
                uncompressed = BinaryPrimitives.ReadInt64LittleEndian(body);
                body = body[8..];
            }

            if (compressed == uint.MaxValue && body.Length >= 8)
            {
                compressed = BinaryPrimitives.ReadInt64LittleEndian(body);
                body = body[8..];
            }

            if (offset == uint.MaxValue && body.Length >= 8)
            {
                offset = BinaryPrimitives.ReadInt64LittleEndian(body);
            }
        }
    }
}
