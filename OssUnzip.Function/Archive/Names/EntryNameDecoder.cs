using System.Text;
using System.Text.Unicode;

namespace OssUnzip.Function.Archive.Names;

/// <summary>
/// Turns the raw name bytes of a ZIP entry into text. Order, first match wins:
/// <list type="number">
/// <item>bit 11 (language encoding flag) set and the bytes are valid UTF-8 → UTF-8;</item>
/// <item>an Info-ZIP Unicode Path extra field (0x7075) whose CRC-32 matches the raw name → that name;</item>
/// <item>a configured override (<see cref="NameEncodingMode"/> other than Auto), if the bytes decode
/// strictly in it;</item>
/// <item>valid UTF-8 → UTF-8 (macOS and Linux tools often omit the flag);</item>
/// <item>well-formed GB18030 that looks like Chinese (<see cref="Gb18030NameScan"/>) → GB18030;</item>
/// <item>CP437, which maps every byte.</item>
/// </list>
/// Every decode is strict, so a name never contains U+FFFD from a wrong guess. A set bit 11 over bytes
/// that are not UTF-8 is ignored rather than trusted: libarchive's bsdtar sets it for whatever bytes
/// the file system gave it.
/// </summary>
internal static class EntryNameDecoder
{
    private const ushort LanguageEncodingFlag = 1 << 11;
    private const int Gb18030CodePage = 54936;
    private const int Cp437CodePage = 437;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding s_gb18030 = GetStrictCodePage(Gb18030CodePage);
    private static readonly Encoding s_cp437 = GetStrictCodePage(Cp437CodePage);

    public static DecodedEntryName Decode(ReadOnlySpan<byte> rawName, ushort generalPurposeFlags, ReadOnlySpan<byte> extraField, NameEncodingMode mode)
    {
        if ((generalPurposeFlags & LanguageEncodingFlag) != 0 && Utf8.IsValid(rawName))
        {
            return new DecodedEntryName(s_strictUtf8.GetString(rawName), NameSource.Utf8Flag);
        }

        if (UnicodePathExtraField.TryGetName(extraField, rawName, out var unicodeName))
        {
            return new DecodedEntryName(s_strictUtf8.GetString(unicodeName), NameSource.UnicodePathExtra);
        }

        if (mode != NameEncodingMode.Auto && TryDecodeAs(mode, rawName, out var overridden))
        {
            return new DecodedEntryName(overridden, NameSource.Override);
        }

        if (Utf8.IsValid(rawName))
        {
            return new DecodedEntryName(s_strictUtf8.GetString(rawName), NameSource.DetectedUtf8);
        }

        if (Gb18030NameScan.Scan(rawName).LooksLikeChinese && TryDecodeGb18030(rawName, out var chinese))
        {
            return new DecodedEntryName(chinese, NameSource.DetectedGb18030);
        }

        return new DecodedEntryName(s_cp437.GetString(rawName), NameSource.Cp437);
    }

    private static bool TryDecodeAs(NameEncodingMode mode, ReadOnlySpan<byte> rawName, out string name)
    {
        switch (mode)
        {
            case NameEncodingMode.Utf8 when Utf8.IsValid(rawName):
                name = s_strictUtf8.GetString(rawName);
                return true;
            case NameEncodingMode.Gb18030:
                return TryDecodeGb18030(rawName, out name);
            case NameEncodingMode.Cp437:
                name = s_cp437.GetString(rawName);
                return true;
            default:
                name = string.Empty;
                return false;
        }
    }

    private static bool TryDecodeGb18030(ReadOnlySpan<byte> rawName, out string name)
    {
        // The structural scan rejects most malformed input without an exception; the strict decoder
        // remains the authority (some well-formed four-byte sequences are unassigned).
        if (!Gb18030NameScan.Scan(rawName).IsWellFormed)
        {
            name = string.Empty;
            return false;
        }

        try
        {
            name = s_gb18030.GetString(rawName);
            return true;
        }
        catch (DecoderFallbackException)
        {
            name = string.Empty;
            return false;
        }
    }

    private static Encoding GetStrictCodePage(int codePage)
    {
        // Registering the same provider again is a no-op; doing it here keeps it next to its only use.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
