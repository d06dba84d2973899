using System.Globalization;

namespace OssUnzip.Function.Archive.Entries;

/// <summary>
/// Decides from the central directory alone whether an entry can be expanded: not encrypted in any
/// form, and compressed with a method ZipArchive reads (0 Stored, 8 Deflate, 9 Deflate64). Encryption
/// is checked first, since an AES entry's method field (99) hides its real method.
/// </summary>
internal static class EntrySupport
{
    private const ushort EncryptedFlag = 1 << 0;
    private const ushort StrongEncryptionFlag = 1 << 6;
    private const ushort MaskedHeaderValuesFlag = 1 << 13;

    public const ushort Stored = 0;
    public const ushort Deflate = 8;
    public const ushort Deflate64 = 9;
    public const ushort WinZipAes = 99;

    public static EntrySupportResult Check(ushort generalPurposeFlags, ushort compressionMethod)
    {
        if ((generalPurposeFlags & (StrongEncryptionFlag | MaskedHeaderValuesFlag)) != 0)
        {
            return new(UnsupportedReason.StrongEncryption, compressionMethod, "encrypted with PKWARE strong encryption");
        }

        if (compressionMethod == WinZipAes)
        {
            return new(UnsupportedReason.AesEncrypted, compressionMethod, "encrypted with WinZip AES (method 99)");
        }

        if ((generalPurposeFlags & EncryptedFlag) != 0)
        {
            return new(UnsupportedReason.Encrypted, compressionMethod, "encrypted (traditional PKWARE ZipCrypto)");
        }

        if (compressionMethod is Stored or Deflate or Deflate64)
        {
            return new(UnsupportedReason.None, compressionMethod, DescribeMethod(compressionMethod));
        }

        return new(
            UnsupportedReason.CompressionMethod,
            compressionMethod,
            string.Create(CultureInfo.InvariantCulture, $"compression method {compressionMethod} ({DescribeMethod(compressionMethod)}) is not supported"));
    }

    /// <summary>The APPNOTE name of a compression method, or "unknown".</summary>
    public static string DescribeMethod(ushort compressionMethod) => compressionMethod switch
    {
        0 => "Stored",
        1 => "Shrink",
        2 or 3 or 4 or 5 => "Reduce",
        6 => "Implode",
        8 => "Deflate",
        9 => "Deflate64",
        10 => "PKWARE DCL Implode",
        12 => "bzip2",
        14 => "LZMA",
        16 => "IBM z/OS CMPSC",
        18 => "IBM TERSE",
        19 => "IBM LZ77 z",
        20 or 93 => "Zstandard",
        94 => "MP3",
        95 => "xz",
        96 => "JPEG variant",
        97 => "WavPack",
        98 => "PPMd",
        99 => "WinZip AES",
        _ => "unknown",
    };
}
