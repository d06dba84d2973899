using System.Globalization;
using System.Text;
using System.Text.Unicode;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Archive.Tar;

/// <summary>
/// Reads a tar front to back from a forward-only stream (a decompressor over a ranged read), one member
/// at a time: POSIX ustar (name prefix), pax extended headers (UTF-8 <c>path</c>, <c>size</c>, GNU sparse
/// 0.0/0.1/1.0), GNU long names (<c>L</c>), base-256 numbers and old GNU sparse members (<c>S</c>), and v7.
/// Written here rather than taken from System.Formats.Tar, which turns undeclared name bytes into U+FFFD
/// and throws on GNU sparse members (docs/facts.md §15, decision 0020). It never seeks and holds one
/// header block plus at most one metadata record (<see cref="MaxMetadataBytes"/>) in memory.
/// Invariant: after <see cref="NextAsync"/> the stream stands at the member's data (past a pax 1.0 sparse
/// map); the next call skips what the caller left unread and the padding to the 512-byte block.
/// </summary>
internal sealed class TarStreamReader(Stream tar) : IDisposable
{
    /// <summary>A pax record or GNU long name larger than this is hostile (PATH_MAX is 4 KiB; keys are at most 1 KiB).</summary>
    public const int MaxMetadataBytes = 1 << 20;

    private const int Block = 512;
    private const int SparseMapLimit = 100_000;

    private readonly byte[] _header = new byte[Block];
    private TarDataStream? _current;
    private long _currentPadding;
    private bool _seenHeader;

    /// <summary>The next member, or null after the end-of-archive block (or a clean end of the stream between members).</summary>
    public async Task<TarMember?> NextAsync(CancellationToken cancellationToken)
    {
        await SkipRestOfMemberAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<string, byte[]>? pax = null;
        byte[]? longName = null;
        while (true)
        {
            if (!await ReadHeaderAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var type = (char)_header[156];
            var size = ReadNumber(_header.AsSpan(124, 12), "size");
            switch (type)
            {
                case 'x':
                    pax = ParsePax(await ReadMetadataAsync(size, cancellationToken).ConfigureAwait(false));
                    continue;
                case 'L':
                    longName = TrimAtNul(await ReadMetadataAsync(size, cancellationToken).ConfigureAwait(false));
                    continue;
                case 'g' or 'K':
                    // Global pax defaults, and GNU long link targets: links are never followed or written.
                    await ReadMetadataAsync(size, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    return await MemberAsync(type, size, pax, longName, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The data of the member <see cref="NextAsync"/> returned: expanded when sparse. Read it at most once.</summary>
    public Stream OpenData(TarMember member, string memberName)
    {
        ArgumentNullException.ThrowIfNull(member);
        var stored = _current ?? throw new InvalidOperationException("No member is open.");
        return member.Sparse is { } map ? new SparseExpandingStream(stored, map, member.Size, member.RealSize, memberName) : stored;
    }

    private async Task<TarMember> MemberAsync(char type, long size, Dictionary<string, byte[]>? pax, byte[]? longName, CancellationToken cancellationToken)
    {
        var rawName = longName ?? UstarName();
        long? modified = ReadNumber(_header.AsSpan(136, 12), "mtime");
        string? path = null;
        if (pax is not null)
        {
            size = PaxNumber(pax, "size") ?? size;
            if (pax.TryGetValue("mtime", out var paxTime) && decimal.TryParse(Encoding.ASCII.GetString(paxTime), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            {
                modified = (long)decimal.Floor(seconds);
            }
            var binary = pax.TryGetValue("hdrcharset", out var charset) && Encoding.ASCII.GetString(charset) == "BINARY";
            if ((pax.GetValueOrDefault("GNU.sparse.name") ?? pax.GetValueOrDefault("path")) is { } paxPath)
            {
                if (!binary && Utf8.IsValid(paxPath))
                {
                    path = Encoding.UTF8.GetString(paxPath);
                }
                else
                {
                    rawName = paxPath;
                }
            }
        }

        var kind = KindOf(type, path, rawName);
        IReadOnlyList<SparseSegment>? sparse = null;
        var realSize = size;
        if (type == 'S')
        {
            (sparse, realSize) = await ReadGnuSparseAsync(cancellationToken).ConfigureAwait(false);
        }

        var mapBytes = 0L;
        if (pax is not null && kind == TarMemberKind.File && PaxSparse(pax) is { } paxSparse)
        {
            realSize = paxSparse.RealSize;
            if (paxSparse.Map is { } map)
            {
                sparse = map;
            }
            else
            {
                (sparse, mapBytes) = await ReadPax1SparseMapAsync(size, cancellationToken).ConfigureAwait(false);
            }
        }

        var dataBytes = HasData(type) ? size : 0;
        var stored = dataBytes - mapBytes;
        var name = path ?? Encoding.Latin1.GetString(rawName);
        _current = new TarDataStream(tar, stored, name);
        _currentPadding = Padding(dataBytes);
        return new TarMember(path, rawName, kind, type, stored, sparse is null ? stored : realSize, sparse) { ModifiedUnixSeconds = modified };
    }

    /// <summary>Links, devices, FIFOs, folders and volume labels have no data blocks whatever their size field says (POSIX ustar); every other type has.</summary>
    private static bool HasData(char type) => type is not ('1' or '2' or '3' or '4' or '5' or '6' or 'V');

    /// <summary>v7 tars mark a folder only by the trailing slash of a regular member's name.</summary>
    private static TarMemberKind KindOf(char type, string? path, byte[] rawName) => type switch
    {
        '0' or '\0' or '7' => (path?.EndsWith('/') ?? (rawName.Length > 0 && rawName[^1] == '/')) ? TarMemberKind.Directory : TarMemberKind.File,
        'S' => TarMemberKind.File,
        '1' => TarMemberKind.HardLink,
        '2' => TarMemberKind.Symlink,
        '5' or 'D' => TarMemberKind.Directory,
        _ => TarMemberKind.Special,
    };

    /// <summary>Reads the next header block: false at a clean end (a zero block, or the stream ending between members).</summary>
    private async Task<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var read = await tar.ReadAtLeastAsync(_header, Block, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0 && _seenHeader)
        {
            return false;
        }

        if (read < Block)
        {
            throw new ArchiveRejectedException(
                _seenHeader ? ArchiveRejectionCodes.Truncated : ArchiveRejectionCodes.FormatMismatch,
                _seenHeader ? "The archive ends inside a tar header." : "The stream is too short to hold a tar header.");
        }

        if (!_header.AsSpan().ContainsAnyExcept((byte)0))
        {
            _seenHeader = true;
            return false;
        }

        if (!ArchiveSignatures.ChecksumMatches(_header))
        {
            throw _seenHeader
                ? new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, "A tar header fails its checksum: the archive is corrupt.")
                : new ArchiveRejectedException(ArchiveRejectionCodes.FormatMismatch, "The stream does not start with a tar header.");
        }

        _seenHeader = true;
        return true;
    }

    private async Task SkipRestOfMemberAsync(CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            return;
        }

        var buffer = new byte[Block * 16];
        while (_current.Remaining > 0)
        {
            await _current.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, _current.Remaining)), cancellationToken).ConfigureAwait(false);
        }

        await SkipExactlyAsync(_currentPadding, cancellationToken).ConfigureAwait(false);
        _current = null;
    }

    private async Task SkipExactlyAsync(long count, CancellationToken cancellationToken)
    {
        if (count > 0)
        {
            var skip = new TarDataStream(tar, count, "(padding)");
            var buffer = new byte[Block];
            while (skip.Remaining > 0)
            {
                await skip.ReadAsync(buffer.AsMemory(0, (int)Math.Min(Block, skip.Remaining)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<byte[]> ReadMetadataAsync(long size, CancellationToken cancellationToken)
    {
        if (size > MaxMetadataBytes)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, string.Create(CultureInfo.InvariantCulture, $"A tar metadata record declares {size} bytes; more than {MaxMetadataBytes} is not a real name or pax header."));
        }

        var data = new byte[size];
        await ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        await SkipExactlyAsync(Padding(size), cancellationToken).ConfigureAwait(false);
        return data;
    }

    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var reader = new TarDataStream(tar, buffer.Length, "(tar header)");
        var filled = 0;
        while (filled < buffer.Length)
        {
            filled += await reader.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>ustar: prefix "/" name; GNU and v7 have no prefix field (GNU keeps times there).</summary>
    private byte[] UstarName()
    {
        var name = TrimAtNul(_header.AsSpan(0, 100));
        if (!_header.AsSpan(257, 6).SequenceEqual("ustar\0"u8))
        {
            return name;
        }

        var prefix = TrimAtNul(_header.AsSpan(345, 155));
        return prefix.Length == 0 ? name : [.. prefix, (byte)'/', .. name];
    }

    /// <summary>Old GNU sparse: four map entries in the header, more in extension blocks; the real size at 483.</summary>
    private async Task<(IReadOnlyList<SparseSegment> Map, long RealSize)> ReadGnuSparseAsync(CancellationToken cancellationToken)
    {
        var map = new List<SparseSegment>();
        AddSegments(map, _header.AsSpan(386, 4 * 24));
        var realSize = ReadNumber(_header.AsSpan(483, 12), "sparse real size");
        var extended = _header[482] != 0;
        var block = new byte[Block];
        while (extended)
        {
            await ReadExactlyAsync(block, cancellationToken).ConfigureAwait(false);
            AddSegments(map, block.AsSpan(0, 21 * 24));
            extended = block[504] != 0;
            if (map.Count > SparseMapLimit)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, "A sparse member's map has more than 100,000 segments.");
            }
        }

        return (map, realSize);
    }

    private static void AddSegments(List<SparseSegment> map, ReadOnlySpan<byte> entries)
    {
        for (var i = 0; i + 24 <= entries.Length; i += 24)
        {
            if (entries[i] == 0)
            {
                return;
            }

            map.Add(new SparseSegment(ReadNumber(entries.Slice(i, 12), "sparse offset"), ReadNumber(entries.Slice(i + 12, 12), "sparse length")));
        }
    }

    /// <summary>pax sparse: 0.1 gives the map in GNU.sparse.map, 0.0 in repeated offset/numbytes records, 1.0 at the start of the data.</summary>
    private static (long RealSize, IReadOnlyList<SparseSegment>? Map)? PaxSparse(Dictionary<string, byte[]> pax)
    {
        var realSize = PaxNumber(pax, "GNU.sparse.realsize") ?? PaxNumber(pax, "GNU.sparse.size");
        if (realSize is null)
        {
            return null;
        }

        if (PaxNumber(pax, "GNU.sparse.major") == 1)
        {
            return (realSize.Value, null);
        }

        var text = pax.TryGetValue("GNU.sparse.map", out var map) ? Encoding.ASCII.GetString(map) : "";
        var numbers = text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => ParseDecimal(n, "GNU.sparse.map")).ToList();
        if (numbers.Count % 2 != 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, "A pax GNU.sparse.map has an odd number of values.");
        }

        return (realSize.Value, [.. Enumerable.Range(0, numbers.Count / 2).Select(i => new SparseSegment(numbers[2 * i], numbers[(2 * i) + 1]))]);
    }

    /// <summary>pax sparse 1.0: decimal lines (count, then offset and length pairs) padded to a block, before the data.</summary>
    private async Task<(IReadOnlyList<SparseSegment> Map, long Bytes)> ReadPax1SparseMapAsync(long size, CancellationToken cancellationToken)
    {
        var block = new byte[Block];
        var consumed = 0L;
        var text = new StringBuilder();
        var numbers = new List<long>();
        long? count = null;
        while (count is null || numbers.Count < 2 * count)
        {
            if (consumed + Block > size)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, "A pax 1.0 sparse map runs past its member's data.");
            }

            await ReadExactlyAsync(block, cancellationToken).ConfigureAwait(false);
            consumed += Block;
            foreach (var b in block)
            {
                if (b != '\n')
                {
                    text.Append((char)b);
                    continue;
                }

                var value = ParseDecimal(text.ToString(), "sparse map");
                text.Clear();
                if (count is null)
                {
                    count = value <= SparseMapLimit ? value : throw new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, "A sparse member's map has more than 100,000 segments.");
                }
                else if (numbers.Count < 2 * count)
                {
                    numbers.Add(value);
                }
            }
        }

        return ([.. Enumerable.Range(0, numbers.Count / 2).Select(i => new SparseSegment(numbers[2 * i], numbers[(2 * i) + 1]))], consumed);
    }

    /// <summary>Records "%d key=value\n", the length counting the whole record (POSIX pax).</summary>
    private static Dictionary<string, byte[]> ParsePax(byte[] data)
    {
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var offset = 0;
        while (offset < data.Length && data[offset] != 0)
        {
            var space = Array.IndexOf(data, (byte)' ', offset);
            if (space < 0)
            {
                throw BadPax();
            }

            var length = (int)ParseDecimal(Encoding.ASCII.GetString(data, offset, space - offset), "pax record length");
            if (length <= space - offset || offset + length > data.Length || data[offset + length - 1] != '\n')
            {
                throw BadPax();
            }

            var record = data.AsSpan(space + 1, offset + length - space - 2);
            var equals = record.IndexOf((byte)'=');
            if (equals < 0)
            {
                throw BadPax();
            }

            var key = Encoding.UTF8.GetString(record[..equals]);
            var value = record[(equals + 1)..].ToArray();
            if (key is "GNU.sparse.offset" or "GNU.sparse.numbytes")
            {
                // pax sparse 0.0 repeats these two in order; gather them as a 0.1 map.
                var map = records.TryGetValue("GNU.sparse.map", out var m) ? Encoding.ASCII.GetString(m) + "," : "";
                records["GNU.sparse.map"] = Encoding.ASCII.GetBytes(map + Encoding.ASCII.GetString(value));
            }
            else
            {
                records[key] = value;
            }

            offset += length;
        }

        return records;
    }

    private static ArchiveRejectedException BadPax() =>
        new(ArchiveRejectionCodes.EntryDataCorrupt, "A pax extended header is malformed.");

    private static long? PaxNumber(Dictionary<string, byte[]> pax, string key) =>
        pax.TryGetValue(key, out var value) ? ParseDecimal(Encoding.ASCII.GetString(value), key) : null;

    private static long ParseDecimal(string text, string field) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, $"A tar {field} is not a number.");

    /// <summary>Octal digits (leading spaces and NULs allowed), or GNU base-256 when the top bit of the first byte is set.</summary>
    private static long ReadNumber(ReadOnlySpan<byte> field, string what)
    {
        if ((field[0] & 0x80) != 0)
        {
            if (field[0] == 0xFF || field[1..^8].ContainsAnyExcept((byte)0) || (field[^8] & 0x80) != 0 || (field[0] & 0x7F) != 0)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, $"A tar header's {what} is negative or beyond 2^63.");
            }

            long big = 0;
            foreach (var b in field[^8..])
            {
                big = (big << 8) | b;
            }

            return big;
        }

        long value = 0;
        var i = 0;
        while (i < field.Length && field[i] is (byte)' ' or 0)
        {
            i++;
        }

        for (; i < field.Length && field[i] is >= (byte)'0' and <= (byte)'7'; i++)
        {
            value = checked((value * 8) + (field[i] - '0'));
        }

        if (i < field.Length && field[i] is not ((byte)' ' or 0))
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.EntryDataCorrupt, $"A tar header's {what} is not an octal number.");
        }

        return value;
    }

    public void Dispose() => _current?.Dispose();

    private static long Padding(long size) => (Block - (size % Block)) % Block;

    private static byte[] TrimAtNul(ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        return (nul < 0 ? bytes : bytes[..nul]).ToArray();
    }
}
