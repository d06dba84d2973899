namespace OssUnzip.Function.Archive.Names;

/// <summary>
/// The <c>Archive:NameEncoding</c> setting: its key and the accepted spellings
/// (<c>auto</c>, <c>utf-8</c>, <c>gbk</c>, <c>gb18030</c>, <c>cp437</c>; case-insensitive).
/// </summary>
internal static class NameEncodingSetting
{
    public const string Key = "Archive:NameEncoding";

    public const string AcceptedValues = "auto, utf-8, gbk, gb18030, cp437";

    /// <summary>
    /// Parses a configured value. Returns false for anything else (including null or blank), so the
    /// caller's options validation can reject the setting by name instead of guessing.
    /// </summary>
    public static bool TryParse(string? value, out NameEncodingMode mode)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "AUTO":
                mode = NameEncodingMode.Auto;
                return true;
            case "UTF-8":
                mode = NameEncodingMode.Utf8;
                return true;
            case "GBK":
            case "GB18030":
                mode = NameEncodingMode.Gb18030;
                return true;
            case "CP437":
                mode = NameEncodingMode.Cp437;
                return true;
            default:
                mode = NameEncodingMode.Auto;
                return false;
        }
    }
}
