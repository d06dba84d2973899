using System.Buffers.Binary;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// The window size a zstd stream's first frame declares, read from its frame header (RFC 8878 §3.1.1.1:
/// Frame_Header_Descriptor, Window_Descriptor, or the Frame_Content_Size of a single-segment frame;
/// docs/facts.md §18), so a window above Archive:MaxDictionaryBytes is refused before decoding starts.
/// Later frames are held to the same limit by the decoder's windowLogMax (<see cref="Decompressors"/>).
/// </summary>
internal static class ZstdWindow
{
    private const uint FrameMagic = 0xFD2FB528;

    /// <summary>The window in bytes, or null when the head is not a complete zstd frame header.</summary>
    public static long? FirstFrame(ReadOnlySpan<byte> head)
    {
        if (head.Length < 5 || BinaryPrimitives.ReadUInt32LittleEndian(head) != FrameMagic)
        {
            return null;
        }

        var descriptor = head[4];
        var singleSegment = (descriptor & 0x20) != 0;
        if (!singleSegment)
        {
            if (head.Length < 6)
            {
                return null;
            }

            var exponent = head[5] >> 3;
            var mantissa = head[5] & 7;
            var windowBase = 1L << (10 + exponent);
            return windowBase + ((windowBase / 8) * mantissa);
        }

        var dictionaryIdBytes = (descriptor & 3) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        var position = 5 + dictionaryIdBytes;
        return (descriptor >> 6) switch
        {
            0 when head.Length > position => head[position],
            1 when head.Length >= position + 2 => BinaryPrimitives.ReadUInt16LittleEndian(head[position..]) + 256L,
            2 when head.Length >= position + 4 => BinaryPrimitives.ReadUInt32LittleEndian(head[position..]),
            3 when head.Length >= position + 8 => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(head[position..]), long.MaxValue),
            _ => null,
        };
    }
}
