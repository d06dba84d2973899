using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>
/// A 7z made of a range of another 7z's folders, for SharpCompress to read as if it were the archive:
/// a new 32-byte signature header, then the original bytes of the range's packed streams (one
/// contiguous range of the source: a 7z lays its packed streams out in folder order), then a new,
/// unpacked and unencrypted header listing only those folders and the files they own
/// (<see cref="SevenZipLayoutFile.Owner"/>), in the original header order. The folder definitions are
/// copied as they are, so the packed bytes decode (and decrypt) exactly as in the whole archive. The
/// header layout is 7-Zip's DOC/7zFormat.txt (docs/facts.md §19, §24). Pure: <see cref="Create"/> only
/// encodes; <see cref="SevenZipSubArchiveStream"/> presents it over the source.
/// </summary>
internal sealed record SevenZipSubArchive(byte[] SignatureHeader, long SourceOffset, long SourceLength, byte[] Header)
{
    private static readonly byte[] Signature = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C];

    /// <summary>The sub-archive's length: signature header, packed streams, header.</summary>
    public long Length => SevenZipHeaderReader.SignatureHeaderBytes + SourceLength + Header.Length;

    /// <summary>Indices into <see cref="SevenZipLayout.Files"/> of the files a range holds, in header order.</summary>
    public static IReadOnlyList<int> FilesOf(SevenZipLayout layout, SevenZipFolderRange range)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return [.. Enumerable.Range(0, layout.Files.Count).Where(i => range.Contains(layout.Files[i].Owner))];
    }

    public static SevenZipSubArchive Create(SevenZipLayout layout, SevenZipFolderRange range)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (range.First < 0 || range.Count < 1 || range.First + range.Count > layout.Folders.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "The range must name folders of the archive.");
        }

        var folders = layout.Folders.Skip(range.First).Take(range.Count).ToList();
        var firstPack = folders[0].FirstPackStream;
        var packCount = folders.Sum(f => f.PackStreams);
        var packSizes = layout.PackSizes.Skip(firstPack).Take(packCount).ToList();
        var sourceOffset = SevenZipHeaderReader.SignatureHeaderBytes + layout.PackPosition + layout.PackSizes.Take(firstPack).Sum();
        var files = FilesOf(layout, range).Select(i => layout.Files[i]).ToList();
        var header = EncodeHeader(packSizes, folders, files);
        return new SevenZipSubArchive(EncodeSignatureHeader(packSizes.Sum(), header), sourceOffset, packSizes.Sum(), header);
    }

    internal static byte[] EncodeSignatureHeader(long nextHeaderOffset, byte[] header)
    {
        var bytes = new byte[SevenZipHeaderReader.SignatureHeaderBytes];
        Signature.CopyTo(bytes, 0);
        (bytes[6], bytes[7]) = (0, 4);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(12), (ulong)nextHeaderOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(20), (ulong)header.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), Crc32.HashToUInt32(header));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Crc32.HashToUInt32(bytes.AsSpan(12, 20)));
        return bytes;
    }

    private static byte[] EncodeHeader(List<long> packSizes, List<SevenZipLayoutFolder> folders, List<SevenZipLayoutFile> files)
    {
        var w = new HeaderWriter();
        w.Byte(0x01); // kHeader
        w.Byte(0x04); // kMainStreamsInfo
        w.Byte(0x06); // kPackInfo
        w.Number(0);
        w.Number(packSizes.Count);
        w.Byte(0x09); // kSize
        packSizes.ForEach(w.Number);
        w.Byte(0x00);
        w.Byte(0x07); // kUnpackInfo
        w.Byte(0x0B); // kFolder
        w.Number(folders.Count);
        w.Byte(0); // not external
        folders.ForEach(f => w.Bytes(f.Definition.Span));
        w.Byte(0x0C); // kCodersUnpackSize
        folders.ForEach(f => f.UnpackSizes.ToList().ForEach(w.Number));
        w.Byte(0x00); // no folder CRCs: every file's CRC is in the substreams' list
        w.Byte(0x08); // kSubStreamsInfo
        w.Byte(0x0D); // kNumUnpackStream
        folders.ForEach(f => w.Number(f.Streams.Count));
        w.Byte(0x09); // kSize: each folder's files but its last
        folders.ForEach(f => f.Streams.Take(f.Streams.Count - 1).ToList().ForEach(s => w.Number(s.Size)));
        var streams = folders.SelectMany(f => f.Streams).ToList();
        if (streams.Any(s => s.Crc is not null))
        {
            w.Byte(0x0A); // kCRC
            w.Defined(streams.Select(s => s.Crc is not null).ToList());
            streams.Where(s => s.Crc is not null).ToList().ForEach(s => w.UInt32(s.Crc!.Value));
        }

        w.Byte(0x00);
        w.Byte(0x00); // end of streams info
        w.Byte(0x05); // kFilesInfo
        w.Number(files.Count);
        var empty = files.Where(f => !f.HasData).ToList();
        if (empty.Count > 0)
        {
            w.Property(0x0E, p => p.Bits(files.Select(f => !f.HasData).ToList()));
            if (empty.Any(f => f.IsEmptyFile))
            {
                w.Property(0x0F, p => p.Bits(empty.Select(f => f.IsEmptyFile).ToList()));
            }

            if (empty.Any(f => f.IsAnti))
            {
                w.Property(0x10, p => p.Bits(empty.Select(f => f.IsAnti).ToList()));
            }
        }

        w.Property(0x11, p =>
        {
            p.Byte(0);
            files.ForEach(f =>
            {
                p.Bytes(Encoding.Unicode.GetBytes(f.Name));
                p.Bytes([0, 0]);
            });
        });
        if (files.Any(f => f.ModifiedTime is not null))
        {
            w.Property(0x14, p =>
            {
                p.Defined(files.Select(f => f.ModifiedTime is not null).ToList());
                p.Byte(0);
                files.Where(f => f.ModifiedTime is not null).ToList().ForEach(f => p.UInt64(f.ModifiedTime!.Value));
            });
        }

        if (files.Any(f => f.Attributes is not null))
        {
            w.Property(0x15, p =>
            {
                p.Defined(files.Select(f => f.Attributes is not null).ToList());
                p.Byte(0);
                files.Where(f => f.Attributes is not null).ToList().ForEach(f => p.UInt32(f.Attributes!.Value));
            });
        }

        w.Byte(0x00); // end of files info
        w.Byte(0x00); // end of header
        return w.ToArray();
    }

    /// <summary>Writes 7z header values: bytes, variable-length numbers, bit vectors, little-endian integers.</summary>
    private sealed class HeaderWriter
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _bytes = new();

        public void Byte(byte value) => System.Buffers.BuffersExtensions.Write(_bytes, [value]);

        public void Bytes(ReadOnlySpan<byte> value) => System.Buffers.BuffersExtensions.Write(_bytes, value);

        /// <summary>7z's UINT64: as many leading one bits in the first byte as little-endian bytes follow; the first byte's free bits hold the high part.</summary>
        public void Number(long value)
        {
            var v = (ulong)value;
            var extra = 0;
            while (extra < 8 && (v >> (8 * extra)) >= (1UL << (7 - extra)))
            {
                extra++;
            }

            var first = (byte)(0xFF00 >> extra);
            if (extra < 8)
            {
                first |= (byte)(v >> (8 * extra));
            }

            Byte(first);
            for (var i = 0; i < extra; i++)
            {
                Byte((byte)(v >> (8 * i)));
            }
        }

        public void Bits(IReadOnlyList<bool> bits)
        {
            var packed = new byte[(bits.Count + 7) / 8];
            for (var i = 0; i < bits.Count; i++)
            {
                packed[i / 8] |= bits[i] ? (byte)(0x80 >> (i % 8)) : (byte)0;
            }

            Bytes(packed);
        }

        /// <summary>An "all defined" byte, else 0 and the bit vector.</summary>
        public void Defined(IReadOnlyList<bool> defined)
        {
            if (defined.All(d => d))
            {
                Byte(1);
                return;
            }

            Byte(0);
            Bits(defined);
        }

        public void UInt32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            Bytes(bytes);
        }

        public void UInt64(ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            Bytes(bytes);
        }

        /// <summary>A FilesInfo property: its id, its size, its data.</summary>
        public void Property(byte id, Action<HeaderWriter> write)
        {
            var data = new HeaderWriter();
            write(data);
            var bytes = data.ToArray();
            Number(id);
            Number(bytes.Length);
            Bytes(bytes);
        }

        public byte[] ToArray() => _bytes.WrittenSpan.ToArray();
    }
}
