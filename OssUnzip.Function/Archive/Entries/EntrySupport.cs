using System.Globalization;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Archive.Entries;

/// <summary>
/// Decides from the central directory alone whether an entry can be expanded: compressed with a method
/// the service decodes (0 Stored, 8 Deflate, 9 Deflate64 through ZipArchive; 12 bzip2, 14 LZMA, 93 zstd,
/// 95 xz, 98 PPMd through <see cref="ZipEntryDecoder"/>), and either not encrypted, or encrypted with
/// ZipCrypto or WinZip AES (whose real method is in its 0x9901 extra field). PKWARE strong encryption
/// and a masked central directory are not readable. Whether a password fits is decided later, before
/// writing (<see cref="Writing.ZipPreflight"/>).
/// </summary>
internal static class EntrySupport
{
    private const ushort StrongEncryptionFlag = 1 << 6;
    private const ushort MaskedHeaderValuesFlag = 1 << 13;

    public const ushort Stored = 0;
    public const ushort Deflate = 8;
    public const ushort Deflate64 = 9;
    public const ushort WinZipAes = 99;

    public static EntrySupportResult Check(ushort generalPurposeFlags, ushort compressionMethod) =>
        Check(generalPurposeFlags, compressionMethod, []);

    /// <param name="extra">The central record's extra field (where WinZip AES names the real method).</param>
    public static EntrySupportResult Check(ushort generalPurposeFlags, ushort compressionMethod, ReadOnlySpan<byte> extra)
    {
        if ((generalPurposeFlags & (StrongEncryptionFlag | MaskedHeaderValuesFlag)) != 0)
        {
            return new(UnsupportedReason.StrongEncryption, compressionMethod, "encrypted with PKWARE strong encryption");
        }

        var coding = ZipEntryCoding.Of(generalPurposeFlags, compressionMethod, extra);
        if (!coding.IsValid)
        {
            return new(UnsupportedReason.AesEncrypted, compressionMethod, "encrypted with WinZip AES (method 99) without a valid 0x9901 extra field");
        }

        var encryption = coding.Encryption switch
        {
            ZipEncryption.ZipCrypto => ", encrypted with ZipCrypto",
            ZipEncryption.WinZipAes => string.Create(CultureInfo.InvariantCulture, $", encrypted with WinZip AES-{64 + (64 * coding.AesStrength)} (AE-{coding.AesVendorVersion})"),
            _ => "",
        };
        if (ZipEntryDecoder.IsMethodSupported(coding.Method))
        {
            return new(UnsupportedReason.None, coding.Method, DescribeMethod(coding.Method) + encryption);
        }

        return new(
            UnsupportedReason.CompressionMethod,
            coding.Method,
            string.Create(CultureInfo.InvariantCulture, $"compression method {coding.Method} ({DescribeMethod(coding.Method)}){encryption} is not supported"));
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
