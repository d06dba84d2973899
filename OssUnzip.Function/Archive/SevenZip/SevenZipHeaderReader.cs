using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using SharpCompress.Compressors.LZMA;

namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>
/// Reads just enough of a 7z header to decide before decoding anything: the signature header and its
/// CRC, the next header (at the end of the archive) and its CRC, and each folder's coders — so
/// unknown methods (<c>unsupported-entries</c>), dictionaries above Archive:MaxDictionaryBytes
/// (<c>limit-exceeded</c>), a cut archive (<c>truncated</c>) and a damaged header
/// (<c>corrupt-central-directory</c>) are refused before a decoder allocates or an object is written.
/// A packed header (kEncodedHeader, LZMA as 7-Zip writes it) is decoded here with SharpCompress's
/// LzmaStream after its own dictionary is checked; an encrypted header is reported as such, with its
/// packed form as a layout a password can open (<see cref="SevenZipHeader.EncodedHeader"/>, decisions
/// 0029, 0042); <see cref="Decoded"/> checks it once opened. Files, names and sizes are SharpCompress's to read. The
/// layout is 7-Zip's DOC/7zFormat.txt (docs/facts.md §19).
/// </summary>
internal static partial class SevenZipHeaderReader
{
    /// <summary>The signature header: 6-byte signature, version, start header CRC, next header offset, size and CRC.</summary>
    internal const int SignatureHeaderBytes = 32;

    private const byte End = 0x00;
    private const byte Header = 0x01;
    private const byte ArchiveProperties = 0x02;
    private const byte AdditionalStreamsInfo = 0x03;
    private const byte MainStreamsInfo = 0x04;
    private const byte FilesInfo = 0x05;
    private const byte PackInfo = 0x06;
    private const byte UnpackInfo = 0x07;
    private const byte SubStreamsInfo = 0x08;
    private const byte Size = 0x09;
    private const byte Crc = 0x0A;
    private const byte Folder = 0x0B;
    private const byte CodersUnpackSize = 0x0C;
    private const byte EncodedHeader = 0x17;

    /// <summary>Far above any folder 7-Zip writes (BCJ2 + three LZMA coders + AES is five).</summary>
    private const int MaxCoders = 32;

    /// <param name="archive">The archive, seekable (a ranged read stream: only async reads are used).</param>
    /// <param name="maxHeaderBytes">A larger header, packed or not, is refused as hostile.</param>
    public static async Task<SevenZipHeader> ReadAsync(Stream archive, long maxHeaderBytes, long maxDictionaryBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var length = archive.Length;
        if (length < SignatureHeaderBytes)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.Truncated, "The 7z archive is shorter than its 32-byte signature header; nothing was written.");
        }

        var signature = await ReadAtAsync(archive, 0, SignatureHeaderBytes, cancellationToken).ConfigureAwait(false);
        if (Crc32.HashToUInt32(signature.AsSpan(12, 20)) != BinaryPrimitives.ReadUInt32LittleEndian(signature.AsSpan(8)))
        {
            throw Corrupt("its start header fails its CRC");
        }

        var nextOffset = BinaryPrimitives.ReadUInt64LittleEndian(signature.AsSpan(12));
        var nextSize = BinaryPrimitives.ReadUInt64LittleEndian(signature.AsSpan(20));
        var nextCrc = BinaryPrimitives.ReadUInt32LittleEndian(signature.AsSpan(28));
        if (nextSize == 0)
        {
            return new SevenZipHeader([], HeaderEncrypted: false);
        }

        if (nextOffset > (ulong)length || nextSize > (ulong)length || SignatureHeaderBytes + nextOffset + nextSize > (ulong)length)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.Truncated,
                string.Create(CultureInfo.InvariantCulture, $"The 7z header lies at {SignatureHeaderBytes + nextOffset}, {nextSize} bytes, past the archive's end ({length} bytes): the archive is truncated; nothing was written."));
        }

        if ((long)nextSize > maxHeaderBytes)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its header declares {nextSize} bytes"));
        }

        var next = await ReadAtAsync(archive, SignatureHeaderBytes + (long)nextOffset, (int)nextSize, cancellationToken).ConfigureAwait(false);
        if (Crc32.HashToUInt32(next) != nextCrc)
        {
            throw Corrupt("its header fails its CRC");
        }

        var reader = new HeaderBytes(next);
        var id = reader.Byte();
        if (id == Header)
        {
            return new SevenZipHeader(Checked(ReadHeader(reader), maxDictionaryBytes), HeaderEncrypted: false) { Bytes = next };
        }

        if (id != EncodedHeader)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its header starts with property 0x{id:X2}"));
        }

        var (packPosition, packSizes, folders, digests) = ReadStreamsInfo(reader);
        if (folders.Count != 1 || packSizes.Count != 1)
        {
            throw Corrupt("its packed header is not one folder of one packed stream");
        }

        var headerFolder = Checked(folders, maxDictionaryBytes)[0];
        var packStart = SignatureHeaderBytes + packPosition;
        if (packPosition < 0 || packSizes[0] < 0 || packSizes[0] > maxHeaderBytes || packStart + packSizes[0] > length || headerFolder.UnpackSize > maxHeaderBytes || headerFolder.UnpackSize < 0)
        {
            throw Corrupt("its packed header lies outside the archive or is too large");
        }

        if (headerFolder.IsEncrypted)
        {
            return new SevenZipHeader(null, HeaderEncrypted: true) { EncodedHeader = EncodedHeaderLayout(next) };
        }

        if (headerFolder.Coders.Count != 1 || headerFolder.Coders[0].MethodId is not (SevenZipCoder.Lzma or SevenZipCoder.Lzma2))
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.UnsupportedEntries,
                $"The 7z header is packed with {string.Join('+', headerFolder.Coders.Select(c => c.Name))}; this service reads headers packed with LZMA or LZMA2 (as 7-Zip writes them). Nothing was written.");
        }

        var packed = await ReadAtAsync(archive, packStart, (int)packSizes[0], cancellationToken).ConfigureAwait(false);
        var decoded = new byte[headerFolder.UnpackSize];
        try
        {
            var coder = headerFolder.Coders[0];
            var lzma = await LzmaStream.CreateAsync(coder.Properties.ToArray(), new MemoryStream(packed, writable: false), packed.Length, decoded.Length, leaveOpen: false).ConfigureAwait(false);
            await using (lzma.ConfigureAwait(false))
            {
                await lzma.ReadExactlyAsync(decoded, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SharpCompress.Common.SharpCompressException or EndOfStreamException or InvalidDataException or IndexOutOfRangeException)
        {
            throw Corrupt("its packed header does not decode: " + e.Message);
        }

        if (digests[0] is { } digest && Crc32.HashToUInt32(decoded) != digest)
        {
            throw Corrupt("its packed header fails its CRC");
        }

        return Decoded(decoded, headerEncrypted: false, maxDictionaryBytes);
    }

    /// <summary>
    /// A header decoded from its packed form (<paramref name="decoded"/>, from its kHeader byte, its CRC
    /// already checked), with every folder's coders checked as a plain header's are.
    /// </summary>
    public static SevenZipHeader Decoded(byte[] decoded, bool headerEncrypted, long maxDictionaryBytes)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        var inner = new HeaderBytes(decoded);
        if (inner.Byte() != Header)
        {
            throw Corrupt("its packed header does not hold a header");
        }

        return new SevenZipHeader(Checked(ReadHeader(inner), maxDictionaryBytes), headerEncrypted) { Bytes = decoded };
    }

    /// <summary>
    /// An encrypted header's packed form as a layout of one folder holding one file, the header itself
    /// (its size and CRC the folder's): a <see cref="SevenZipSubArchive"/> of it is a 7z whose only file a
    /// password decodes to the header. Its size and position were checked by the caller.
    /// </summary>
    private static SevenZipLayout EncodedHeaderLayout(byte[] next)
    {
        var reader = new HeaderBytes(next);
        reader.Byte();
        var (packPosition, packSizes, folders) = ReadLayoutStreams(reader);
        var stream = folders[0].Streams[0];
        var header = new SevenZipLayoutFile("header", 0, stream.Size, stream.Crc, IsEmptyFile: false, IsAnti: false, ModifiedTime: null, Attributes: null) { Owner = 0 };
        return new SevenZipLayout(packPosition, packSizes, folders, [header]);
    }

    private static IReadOnlyList<SevenZipFolder> Checked(IReadOnlyList<SevenZipFolder> folders, long maxDictionaryBytes)
    {
        foreach (var coder in folders.SelectMany(f => f.Coders))
        {
            if (!coder.IsSupported)
            {
                throw new ArchiveRejectedException(
                    ArchiveRejectionCodes.UnsupportedEntries,
                    $"The 7z archive uses method {coder.Name}, which this service does not decode; nothing was written.");
            }

            if (coder.IsEncryption && coder.KeyDerivationPower is not (<= SevenZipCoder.MaxKeyDerivationPower or SevenZipCoder.NoKeyDerivation))
            {
                throw new ArchiveRejectedException(
                    ArchiveRejectionCodes.UnsupportedEntries,
                    string.Create(CultureInfo.InvariantCulture, $"The 7z archive's 7zAES coder asks for 2^{coder.KeyDerivationPower?.ToString(CultureInfo.InvariantCulture) ?? "?"} key-derivation rounds (no properties, or more than 2^{SevenZipCoder.MaxKeyDerivationPower}); nothing was written."));
            }

            if (coder.DictionaryBytes is { } dictionary && dictionary > maxDictionaryBytes)
            {
                throw new ArchiveRejectedException(
                    ArchiveRejectionCodes.LimitExceeded,
                    string.Create(CultureInfo.InvariantCulture, $"The 7z archive's {coder.Name} coder needs a {dictionary}-byte dictionary; Archive:MaxDictionaryBytes is {maxDictionaryBytes}. Nothing was written."));
            }
        }

        return folders;
    }

    private static IReadOnlyList<SevenZipFolder> ReadHeader(HeaderBytes reader)
    {
        var id = AfterArchiveProperties(reader);
        if (id == MainStreamsInfo)
        {
            return ReadStreamsInfo(reader).Folders;
        }

        return id is FilesInfo or End ? [] : throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its header holds property 0x{id:X2} where streams or files belong"));
    }

    /// <summary>
    /// The property id after a header's kHeader byte and its archive properties (skipped: nothing here
    /// uses them); additional streams, which 7-Zip never writes, are refused.
    /// </summary>
    private static byte AfterArchiveProperties(HeaderBytes reader)
    {
        var id = reader.Byte();
        if (id == ArchiveProperties)
        {
            while (reader.Byte() is not End)
            {
                reader.Skip(reader.Number());
            }

            id = reader.Byte();
        }

        return id == AdditionalStreamsInfo ? throw Corrupt("it declares additional streams, which 7-Zip never writes") : id;
    }

    /// <summary>PackInfo and UnpackInfo of a StreamsInfo; stops at SubStreamsInfo or End (the rest is not needed here).</summary>
    private static (long PackPosition, IReadOnlyList<long> PackSizes, IReadOnlyList<SevenZipFolder> Folders, IReadOnlyList<uint?> Digests) ReadStreamsInfo(HeaderBytes reader)
    {
        long packPosition = 0;
        IReadOnlyList<long> packSizes = [];
        IReadOnlyList<SevenZipFolder> folders = [];
        IReadOnlyList<uint?> digests = [];
        while (true)
        {
            switch (reader.Byte())
            {
                case PackInfo:
                    (packPosition, packSizes) = ReadPackInfo(reader);
                    break;
                case UnpackInfo:
                    (folders, digests) = ReadUnpackInfo(reader);
                    break;
                case SubStreamsInfo:
                case End:
                    return (packPosition, packSizes, folders, digests);
                case var other:
                    throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its streams info holds property 0x{other:X2}"));
            }
        }
    }

    /// <summary>A PackInfo: where the packed streams start (after the signature header) and their sizes; their CRCs are not needed.</summary>
    private static (long PackPosition, long[] Sizes) ReadPackInfo(HeaderBytes reader)
    {
        var packPosition = reader.Number();
        var sizes = new long[reader.Count()];
        for (var id = reader.Byte(); id != End; id = reader.Byte())
        {
            if (id == Size)
            {
                for (var i = 0; i < sizes.Length; i++)
                {
                    sizes[i] = reader.Number();
                }
            }
            else if (id == Crc)
            {
                ReadDigests(reader, sizes.Length);
            }
            else
            {
                throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its pack info holds property 0x{id:X2}"));
            }
        }

        return (packPosition, sizes);
    }

    private static (IReadOnlyList<SevenZipFolder> Folders, IReadOnlyList<uint?> Digests) ReadUnpackInfo(HeaderBytes reader)
    {
        if (reader.Byte() != Folder)
        {
            throw Corrupt("its unpack info does not start with its folders");
        }

        var count = reader.Count();
        if (reader.Byte() != 0)
        {
            throw Corrupt("its folders are stored outside the header, which 7-Zip never writes");
        }

        var chains = new (List<SevenZipCoder> Coders, int Outputs, int MainOutput, int Packed)[count];
        for (var i = 0; i < count; i++)
        {
            chains[i] = ReadFolder(reader);
        }

        if (reader.Byte() != CodersUnpackSize)
        {
            throw Corrupt("its folders declare no unpack sizes");
        }

        var folders = new SevenZipFolder[count];
        for (var i = 0; i < count; i++)
        {
            long main = 0;
            for (var output = 0; output < chains[i].Outputs; output++)
            {
                var size = reader.Number();
                if (output == chains[i].MainOutput)
                {
                    main = size;
                }
            }

            folders[i] = new SevenZipFolder(chains[i].Coders, main);
        }

        IReadOnlyList<uint?> digests = new uint?[count];
        for (var id = reader.Byte(); id != End; id = reader.Byte())
        {
            if (id != Crc)
            {
                throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its unpack info holds property 0x{id:X2}"));
            }

            digests = ReadDigests(reader, count);
        }

        return (folders, digests);
    }

    /// <summary>One folder: its coders, its bind pairs (which outputs feed another coder) and its packed streams.</summary>
    private static (List<SevenZipCoder> Coders, int Outputs, int MainOutput, int Packed) ReadFolder(HeaderBytes reader)
    {
        var coderCount = reader.Count();
        if (coderCount is 0 or > MaxCoders)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"a folder declares {coderCount} coders"));
        }

        var coders = new List<SevenZipCoder>(coderCount);
        var inputs = 0;
        var outputs = 0;
        for (var i = 0; i < coderCount; i++)
        {
            var flags = reader.Byte();
            if ((flags & 0x80) != 0)
            {
                throw Corrupt("a coder declares alternative methods, which 7-Zip never writes");
            }

            ulong method = 0;
            foreach (var b in reader.Bytes(flags & 0x0F).Span)
            {
                method = (method << 8) | b;
            }

            if ((flags & 0x10) != 0)
            {
                inputs += reader.Count();
                outputs += reader.Count();
            }
            else
            {
                inputs++;
                outputs++;
            }

            var properties = (flags & 0x20) != 0 ? reader.Bytes(reader.Count()) : ReadOnlyMemory<byte>.Empty;
            coders.Add(new SevenZipCoder(method, properties));
        }

        if (outputs is 0 or > MaxCoders || inputs > MaxCoders)
        {
            throw Corrupt("a folder declares too many streams");
        }

        var bound = new bool[outputs];
        for (var i = 0; i < outputs - 1; i++)
        {
            reader.Number();
            var output = reader.Number();
            if (output < 0 || output >= outputs)
            {
                throw Corrupt("a folder binds a stream it does not have");
            }

            bound[output] = true;
        }

        var packed = inputs - (outputs - 1);
        if (packed < 1)
        {
            throw Corrupt("a folder has no packed stream");
        }

        if (packed > 1)
        {
            for (var i = 0; i < packed; i++)
            {
                reader.Number();
            }
        }

        return (coders, outputs, Array.IndexOf(bound, false), packed);
    }

    private static uint?[] ReadDigests(HeaderBytes reader, int count)
    {
        var defined = new bool[count];
        if (reader.Byte() != 0)
        {
            Array.Fill(defined, true);
        }
        else
        {
            var bits = reader.Bytes((count + 7) / 8).Span;
            for (var i = 0; i < count; i++)
            {
                defined[i] = (bits[i / 8] & (0x80 >> (i % 8))) != 0;
            }
        }

        var digests = new uint?[count];
        for (var i = 0; i < count; i++)
        {
            digests[i] = defined[i] ? BinaryPrimitives.ReadUInt32LittleEndian(reader.Bytes(4).Span) : null;
        }

        return digests;
    }

    private static async Task<byte[]> ReadAtAsync(Stream archive, long offset, int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        archive.Seek(offset, SeekOrigin.Begin);
        await archive.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    private static ArchiveRejectedException Corrupt(string what) =>
        new(ArchiveRejectionCodes.CorruptCentralDirectory, $"The 7z archive's header is unreadable: {what}. Nothing was written.");

    /// <summary>A cursor over header bytes; running past the end is a corrupt header, never an exception of the runtime's.</summary>
    private sealed class HeaderBytes(byte[] bytes)
    {
        private int _position;

        public int Position => _position;

        public int Remaining => bytes.Length - _position;

        public ReadOnlyMemory<byte> Between(int from, int to) => bytes.AsMemory(from, to - from);

        public byte Byte() => _position < bytes.Length ? bytes[_position++] : throw Corrupt("it ends in the middle of a property");

        public ReadOnlyMemory<byte> Bytes(long count)
        {
            if (count < 0 || count > bytes.Length - _position)
            {
                throw Corrupt("a property runs past its end");
            }

            var slice = bytes.AsMemory(_position, (int)count);
            _position += (int)count;
            return slice;
        }

        public void Skip(long count) => Bytes(count);

        /// <summary>A count of things each taking at least one header byte, so never more than the bytes left.</summary>
        public int Count()
        {
            var value = Number();
            return value <= bytes.Length - _position ? (int)value : throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"it declares {value} items in {bytes.Length - _position} bytes"));
        }

        /// <summary>7z's variable-length number: the first byte's leading one bits say how many little-endian bytes follow.</summary>
        public long Number()
        {
            var first = Byte();
            ulong value = 0;
            var mask = 0x80;
            for (var i = 0; i < 8; i++)
            {
                if ((first & mask) == 0)
                {
                    value |= (ulong)(first & (mask - 1)) << (8 * i);
                    return value <= long.MaxValue ? (long)value : throw Corrupt("a number is out of range");
                }

                value |= (ulong)Byte() << (8 * i);
                mask >>= 1;
            }

            return value <= long.MaxValue ? (long)value : throw Corrupt("a number is out of range");
        }
    }
}
