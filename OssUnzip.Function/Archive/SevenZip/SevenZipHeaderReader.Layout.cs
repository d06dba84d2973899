using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace OssUnzip.Function.Archive.SevenZip;

internal static partial class SevenZipHeaderReader
{
    private const byte NumUnpackStream = 0x0D;
    private const byte EmptyStream = 0x0E;
    private const byte EmptyFile = 0x0F;
    private const byte Anti = 0x10;
    private const byte Name = 0x11;
    private const byte ModifiedTime = 0x14;
    private const byte WinAttributes = 0x15;

    /// <summary>
    /// The whole of a decoded header (<see cref="SevenZipHeader.Bytes"/>, from its kHeader byte): pack
    /// streams, each folder's definition bytes, unpack sizes and files (sizes, CRCs), and every file's
    /// name, kind, modified time and attributes, each file tied to a folder (docs/facts.md §24). Creation
    /// and access times are not kept: nothing written uses them.
    /// </summary>
    public static SevenZipLayout ReadLayout(ReadOnlyMemory<byte> header)
    {
        var reader = new HeaderBytes(header.ToArray());
        if (reader.Byte() != Header)
        {
            throw Corrupt("its header does not start with kHeader");
        }

        var id = AfterArchiveProperties(reader);
        var (packPosition, packSizes, folders) = (0L, (IReadOnlyList<long>)[], (IReadOnlyList<SevenZipLayoutFolder>)[]);
        if (id == MainStreamsInfo)
        {
            (packPosition, packSizes, folders) = ReadLayoutStreams(reader);
            id = reader.Byte();
        }

        IReadOnlyList<SevenZipLayoutFile> files = [];
        if (id == FilesInfo)
        {
            files = ReadFiles(reader, folders);
            id = reader.Byte();
        }

        if (id != End)
        {
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its header holds property 0x{id:X2} after its files"));
        }

        if (folders.Sum(f => (long)f.PackStreams) != packSizes.Count)
        {
            throw Corrupt("its folders and packed streams disagree");
        }

        return new SevenZipLayout(packPosition, packSizes, folders, files);
    }

    private static (long PackPosition, IReadOnlyList<long> PackSizes, IReadOnlyList<SevenZipLayoutFolder> Folders) ReadLayoutStreams(HeaderBytes reader)
    {
        long packPosition = 0;
        var packSizes = Array.Empty<long>();
        var definitions = new List<(ReadOnlyMemory<byte> Definition, int Packed, long[] UnpackSizes, long UnpackSize)>();
        var folderCrcs = Array.Empty<uint?>();
        int[]? streamCounts = null;
        long[][]? streamSizes = null;
        uint?[]? streamCrcs = null;
        for (var id = reader.Byte(); id != End; id = reader.Byte())
        {
            switch (id)
            {
                case PackInfo:
                    (packPosition, packSizes) = ReadPackInfo(reader);
                    break;
                case UnpackInfo:
                    (definitions, folderCrcs) = ReadLayoutFolders(reader);
                    break;
                case SubStreamsInfo:
                    (streamCounts, streamSizes, streamCrcs) = ReadSubStreams(reader, definitions, folderCrcs);
                    break;
                default:
                    throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its streams info holds property 0x{id:X2}"));
            }
        }

        var folders = new SevenZipLayoutFolder[definitions.Count];
        var firstPack = 0;
        var crcIndex = 0;
        for (var f = 0; f < folders.Length; f++)
        {
            var (definition, packed, unpackSizes, unpackSize) = definitions[f];
            var count = streamCounts?[f] ?? 1;
            var sizes = streamSizes?[f] ?? [unpackSize];
            var streams = new SevenZipLayoutStream[count];
            for (var s = 0; s < count; s++)
            {
                uint? crc = count == 1 && folderCrcs[f] is { } folderCrc ? folderCrc : streamCrcs is null ? null : streamCrcs[crcIndex++];
                streams[s] = new SevenZipLayoutStream(sizes[s], crc);
            }

            if (firstPack + packed > packSizes.Length)
            {
                throw Corrupt("its folders use more packed streams than it declares");
            }

            folders[f] = new SevenZipLayoutFolder(definition, firstPack, packed, unpackSizes, unpackSize, streams) { PackedBytes = packSizes.AsSpan(firstPack, packed).ToArray().Sum() };
            firstPack += packed;
        }

        return (packPosition, packSizes, folders);
    }

    private static (List<(ReadOnlyMemory<byte> Definition, int Packed, long[] UnpackSizes, long UnpackSize)> Folders, uint?[] Crcs) ReadLayoutFolders(HeaderBytes reader)
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

        var chains = new (ReadOnlyMemory<byte> Definition, int Outputs, int MainOutput, int Packed)[count];
        for (var i = 0; i < count; i++)
        {
            var from = reader.Position;
            var (_, outputs, main, packed) = ReadFolder(reader);
            chains[i] = (reader.Between(from, reader.Position).ToArray(), outputs, main, packed);
        }

        if (reader.Byte() != CodersUnpackSize)
        {
            throw Corrupt("its folders declare no unpack sizes");
        }

        var folders = new List<(ReadOnlyMemory<byte>, int, long[], long)>(count);
        foreach (var chain in chains)
        {
            var sizes = new long[chain.Outputs];
            for (var output = 0; output < sizes.Length; output++)
            {
                sizes[output] = reader.Number();
            }

            folders.Add((chain.Definition, chain.Packed, sizes, sizes[chain.MainOutput]));
        }

        var crcs = new uint?[count];
        for (var id = reader.Byte(); id != End; id = reader.Byte())
        {
            if (id != Crc)
            {
                throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"its unpack info holds property 0x{id:X2}"));
            }

            crcs = ReadDigests(reader, count);
        }

        return (folders, crcs);
    }

    private static (int[] Counts, long[][] Sizes, uint?[]? Crcs) ReadSubStreams(HeaderBytes reader, List<(ReadOnlyMemory<byte> Definition, int Packed, long[] UnpackSizes, long UnpackSize)> folders, uint?[] folderCrcs)
    {
        var counts = Enumerable.Repeat(1, folders.Count).ToArray();
        var id = reader.Byte();
        if (id == NumUnpackStream)
        {
            for (var f = 0; f < counts.Length; f++)
            {
                counts[f] = reader.Count();
            }

            id = reader.Byte();
        }

        var sizes = new long[folders.Count][];
        for (var f = 0; f < sizes.Length; f++)
        {
            sizes[f] = new long[counts[f]];
            if (counts[f] > 0)
            {
                sizes[f][^1] = folders[f].UnpackSize;
            }
        }

        if (id == Size)
        {
            for (var f = 0; f < sizes.Length; f++)
            {
                long sum = 0;
                for (var s = 0; s < counts[f] - 1; s++)
                {
                    sizes[f][s] = reader.Number();
                    sum += sizes[f][s];
                }

                if (counts[f] > 0)
                {
                    sizes[f][^1] = folders[f].UnpackSize - sum;
                    if (sizes[f][^1] < 0)
                    {
                        throw Corrupt("a folder's files are larger than the folder");
                    }
                }
            }

            id = reader.Byte();
        }

        uint?[]? crcs = null;
        for (; id != End; id = reader.Byte())
        {
            if (id == Crc)
            {
                var unknown = 0;
                for (var f = 0; f < counts.Length; f++)
                {
                    unknown += counts[f] == 1 && folderCrcs[f] is not null ? 0 : counts[f];
                }

                crcs = ReadDigests(reader, unknown);
            }
            else
            {
                reader.Skip(reader.Number());
            }
        }

        return (counts, sizes, crcs);
    }

    private static List<SevenZipLayoutFile> ReadFiles(HeaderBytes reader, IReadOnlyList<SevenZipLayoutFolder> folders)
    {
        var count = reader.Count();
        var emptyStream = new bool[count];
        bool[]? emptyFile = null;
        bool[]? anti = null;
        var names = new string[count];
        var modified = new ulong?[count];
        var attributes = new uint?[count];
        for (var id = reader.Number(); id != End; id = reader.Number())
        {
            var data = new HeaderBytes(reader.Bytes(reader.Number()).ToArray());
            var empties = emptyStream.Count(e => e);
            switch (id)
            {
                case EmptyStream:
                    emptyStream = ReadBits(data, count);
                    break;
                case EmptyFile:
                    emptyFile = ReadBits(data, empties);
                    break;
                case Anti:
                    anti = ReadBits(data, empties);
                    break;
                case Name:
                    if (data.Byte() != 0)
                    {
                        throw Corrupt("its names are stored outside the header, which 7-Zip never writes");
                    }

                    var text = data.Bytes(data.Remaining).Span;
                    for (var i = 0; i < count; i++)
                    {
                        var end = 0;
                        while (end + 1 < text.Length && (text[end] | text[end + 1]) != 0)
                        {
                            end += 2;
                        }

                        if (end + 1 >= text.Length)
                        {
                            throw Corrupt("its names end before its files do");
                        }

                        names[i] = Encoding.Unicode.GetString(text[..end]);
                        text = text[(end + 2)..];
                    }

                    break;
                case ModifiedTime:
                    ReadDefined(data, count, 8, modified, bytes => BinaryPrimitives.ReadUInt64LittleEndian(bytes));
                    break;
                case WinAttributes:
                    ReadDefined(data, count, 4, attributes, bytes => BinaryPrimitives.ReadUInt32LittleEndian(bytes));
                    break;
                default:
                    // Creation and access times, kDummy padding, kStartPos: not used by the expansion.
                    break;
            }
        }

        var files = new List<SevenZipLayoutFile>(count);
        var (folder, stream, empty) = (0, 0, 0);
        foreach (var i in Enumerable.Range(0, count))
        {
            if (emptyStream[i])
            {
                files.Add(new SevenZipLayoutFile(names[i] ?? string.Empty, -1, 0, null, emptyFile?[empty] ?? false, anti?[empty] ?? false, modified[i], attributes[i]));
                empty++;
                continue;
            }

            while (folder < folders.Count && stream >= folders[folder].Streams.Count)
            {
                (folder, stream) = (folder + 1, 0);
            }

            if (folder >= folders.Count)
            {
                throw Corrupt("it lists more files with data than its folders hold");
            }

            var declared = folders[folder].Streams[stream++];
            files.Add(new SevenZipLayoutFile(names[i] ?? string.Empty, folder, declared.Size, declared.Crc, false, false, modified[i], attributes[i]));
        }

        // A file without data belongs to the folder of the next file with data (the last folder at the end):
        // fixed by the header alone, so every shard plan places it the same way.
        var owner = folders.Count - 1;
        for (var i = files.Count - 1; i >= 0; i--)
        {
            owner = files[i].Folder >= 0 ? files[i].Folder : owner;
            files[i] = files[i] with { Owner = Math.Max(owner, 0) };
        }

        return files;
    }

    private static bool[] ReadBits(HeaderBytes reader, int count)
    {
        var bits = reader.Bytes((count + 7) / 8).Span;
        var result = new bool[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = (bits[i / 8] & (0x80 >> (i % 8))) != 0;
        }

        return result;
    }

    private static void ReadDefined<T>(HeaderBytes reader, int count, int width, T?[] values, Func<ReadOnlySpan<byte>, T> read)
        where T : struct
    {
        var defined = reader.Byte() != 0 ? Enumerable.Repeat(true, count).ToArray() : ReadBits(reader, count);
        if (reader.Byte() != 0)
        {
            throw Corrupt("its file times or attributes are stored outside the header, which 7-Zip never writes");
        }

        for (var i = 0; i < count; i++)
        {
            values[i] = defined[i] ? read(reader.Bytes(width).Span) : null;
        }
    }
}
