namespace OssUnzip.Function.Archive.Formats;

/// <summary>
/// Names what an object is from its first bytes (docs/facts.md §15 lists every magic number and its
/// source). <see cref="HeadBytes"/> is enough for all of them: the deepest, ISO 9660's "CD001", sits at
/// 32,769. A tar is recognised by the "ustar" magic at 257 (POSIX ustar and GNU) or, for the old v7
/// layout that has none, by a header checksum that adds up; a first block of zeros is an empty tar.
/// </summary>
public static class ArchiveSignatures
{
    public const int HeadBytes = 32_769 + 5;

    private const int TarBlock = 512;

    private static ReadOnlySpan<byte> SevenZipMagic => [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C];

    private static ReadOnlySpan<byte> GzipMagic => [0x1F, 0x8B];

    private static ReadOnlySpan<byte> XzMagic => [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00];

    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xB5, 0x2F, 0xFD];

    public static ArchiveSignature Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return ArchiveSignature.Zip;
        }

        if (head.StartsWith("PK\x07\x08"u8) || head.StartsWith("PK00"u8))
        {
            return ArchiveSignature.SplitZip;
        }

        if (head.StartsWith("Rar!\x1A\x07\x01\x00"u8))
        {
            return ArchiveSignature.Rar5;
        }

        if (head.StartsWith("Rar!\x1A\x07\x00"u8))
        {
            return ArchiveSignature.Rar4;
        }

        if (head.StartsWith(SevenZipMagic))
        {
            return ArchiveSignature.SevenZip;
        }

        if (head.StartsWith(GzipMagic))
        {
            return ArchiveSignature.Gzip;
        }

        if (head.Length >= 4 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9')
        {
            return ArchiveSignature.Bzip2;
        }

        if (head.StartsWith(XzMagic))
        {
            return ArchiveSignature.Xz;
        }

        if (head.StartsWith(ZstdMagic))
        {
            return ArchiveSignature.Zstd;
        }

        if (head.StartsWith("MSCF\0\0\0\0"u8))
        {
            return ArchiveSignature.Cab;
        }

        // ISO 9660 begins with 32 KiB of system area (often zeros, which would read as an empty tar),
        // but a tar with its ustar magic is a tar whatever its data holds.
        if (head.Length >= HeadBytes && head.Slice(32_769, 5).SequenceEqual("CD001"u8) && !(head.Length >= TarBlock && head.Slice(257, 5).SequenceEqual("ustar"u8)))
        {
            return ArchiveSignature.Iso9660;
        }

        if (IsTarHeader(head))
        {
            return ArchiveSignature.Tar;
        }

        return ArchiveSignature.Unknown;
    }

    /// <summary>A tar header block: "ustar" at 257, or a v7 header whose checksum adds up, or all zeros (an empty archive).</summary>
    public static bool IsTarHeader(ReadOnlySpan<byte> block)
    {
        if (block.Length < TarBlock)
        {
            return false;
        }

        block = block[..TarBlock];
        if (block.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return true;
        }

        return !block.ContainsAnyExcept((byte)0) ? true : ChecksumMatches(block);
    }

    /// <summary>
    /// The header checksum: the sum of the block's bytes with the checksum field read as spaces, as an
    /// octal number (POSIX ustar). Old tars summed signed bytes; either sum is accepted.
    /// </summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> block)
    {
        var field = block.Slice(148, 8);
        var text = System.Text.Encoding.ASCII.GetString(field).Trim(' ', '\0');
        if (text.Length == 0)
        {
            return false;
        }

        long declared = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }

            declared = (declared * 8) + (c - '0');
        }

        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < TarBlock; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return declared == unsigned || declared == signed;
    }
}
