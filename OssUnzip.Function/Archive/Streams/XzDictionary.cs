namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// The LZMA2 dictionary size an xz stream's first block declares, read from the head of the file
/// (xz file format 1.2.1, §2.1 stream header, §3.1 block header, §5.3.1 LZMA2 properties; docs/facts.md §15).
/// The decoder allocates that dictionary, so it is checked against Archive:MaxDictionaryBytes before
/// decoding starts. Later blocks are checked by nothing but the decoder: xz writes every block of a
/// stream with the same filter chain, and a hand-made file that varies it is the one case not covered.
/// </summary>
internal static class XzDictionary
{
    private const int StreamHeaderBytes = 12;
    private const ulong Lzma2FilterId = 0x21;

    /// <summary>The dictionary in bytes, or null when the head holds no LZMA2 block (an empty stream, another filter, a short head).</summary>
    public static long? FirstBlock(ReadOnlySpan<byte> head)
    {
        if (head.Length <= StreamHeaderBytes || head[StreamHeaderBytes] == 0)
        {
            return null;
        }

        var headerSize = (head[StreamHeaderBytes] + 1) * 4;
        if (head.Length < StreamHeaderBytes + headerSize)
        {
            return null;
        }

        var header = head.Slice(StreamHeaderBytes, headerSize);
        var flags = header[1];
        var position = 2;
        if ((flags & 0x40) != 0 && !TrySkipVarint(header, ref position))
        {
            return null;
        }

        if ((flags & 0x80) != 0 && !TrySkipVarint(header, ref position))
        {
            return null;
        }

        var filters = (flags & 0x03) + 1;
        for (var i = 0; i < filters; i++)
        {
            if (!TryReadVarint(header, ref position, out var id) || !TryReadVarint(header, ref position, out var propertiesSize) || position + (int)propertiesSize > header.Length)
            {
                return null;
            }

            if (id == Lzma2FilterId && propertiesSize == 1)
            {
                var bits = header[position] & 0x3F;
                return bits >= 40 ? uint.MaxValue : (2L | (bits & 1L)) << ((bits / 2) + 11);
            }

            position += (int)propertiesSize;
        }

        return null;
    }

    private static bool TrySkipVarint(ReadOnlySpan<byte> bytes, ref int position) => TryReadVarint(bytes, ref position, out _);

    private static bool TryReadVarint(ReadOnlySpan<byte> bytes, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 63 && position < bytes.Length; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
