namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// The member header of a gzip file (RFC 1952 §2.3): ID1 ID2 CM FLG MTIME(4) XFL OS, then FEXTRA
/// (2-byte length and data), FNAME (zero-terminated), FCOMMENT and FHCRC when their flags are set.
/// Only FNAME is read: the original file's name, which the expanded object takes.
/// </summary>
internal static class GzipHeader
{
    private const int FixedBytes = 10;
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;

    /// <summary>The FNAME bytes, when the flag is set and the name ends inside <paramref name="head"/>.</summary>
    public static bool TryGetFileName(ReadOnlySpan<byte> head, out byte[] name)
    {
        name = [];
        if (head.Length < FixedBytes || head[0] != 0x1F || head[1] != 0x8B || (head[3] & FlagName) == 0)
        {
            return false;
        }

        var position = FixedBytes;
        if ((head[3] & FlagExtra) != 0)
        {
            if (head.Length < position + 2)
            {
                return false;
            }

            position += 2 + (head[position] | (head[position + 1] << 8));
        }

        if (position >= head.Length)
        {
            return false;
        }

        var end = head[position..].IndexOf((byte)0);
        if (end <= 0)
        {
            return false;
        }

        name = head.Slice(position, end).ToArray();
        return true;
    }
}
