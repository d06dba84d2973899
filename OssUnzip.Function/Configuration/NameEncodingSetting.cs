using System.Globalization;
using System.Text;

namespace OssUnzip.Function.Configuration;

/// <summary>
/// The <c>Archive:NameEncoding</c> setting: <c>auto</c>, or any encoding .NET knows once
/// <see cref="CodePagesEncodingProvider"/> is registered, by name (<c>shift_jis</c>, <c>big5</c>,
/// <c>ks_c_5601-1987</c>, <c>windows-1251</c>...), by code page number (<c>932</c>) or as <c>cpNNN</c>
/// (<c>cp866</c>). <c>gbk</c> means GB18030, its superset. Only encodings that read ASCII as ASCII are
/// accepted (not UTF-16/32): a ZIP name is a byte string whose <c>/</c> and dot must stay themselves.
/// </summary>
internal static class NameEncodingSetting
{
    public const string Key = "Archive:NameEncoding";

    public const string Auto = "auto";

    public const string AcceptedValues = "auto, or a code page .NET knows by name or number (utf-8, gb18030, gbk, big5, shift_jis, ks_c_5601-1987, cp866, windows-1251, cp437, cp850, 932...) that reads ASCII as ASCII";

    private const int Gb18030CodePage = 54936;

    /// <summary>
    /// Parses a configured value: true with <paramref name="forced"/> null for auto, true with a strict
    /// (exception-throwing) encoding for a known one, false for anything else (including null or blank),
    /// so options validation can reject the setting by name instead of guessing.
    /// </summary>
    public static bool TryParse(string? value, out Encoding? forced)
    {
        forced = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Equals(Auto, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        forced = Resolve(text);
        return forced is not null;
    }

    private static Encoding? Resolve(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        if (text.StartsWith("cp", StringComparison.OrdinalIgnoreCase) && text.Length > 2 && text[2..].All(char.IsAsciiDigit))
        {
            text = text[2..];
        }

        if (text.Equals("gbk", StringComparison.OrdinalIgnoreCase))
        {
            text = Gb18030CodePage.ToString(CultureInfo.InvariantCulture);
        }

        Encoding encoding;
        try
        {
            encoding = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var codePage)
                ? Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                : Encoding.GetEncoding(text, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }

        return ReadsAsciiAsAscii(encoding) ? encoding : null;
    }

    /// <summary>Letters, digits, <c>/</c>, <c>.</c>, <c>-</c>, <c>_</c>, <c>+</c> (UTF-7 fails here) and space must decode to themselves.</summary>
    private static bool ReadsAsciiAsAscii(Encoding encoding)
    {
        const string probe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+ ";
        try
        {
            return encoding.GetString(Encoding.ASCII.GetBytes(probe)) == probe;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
