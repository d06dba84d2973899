namespace OssUnzip.Function.Archive.Names;

/// <summary>The <c>code</c> of a <see cref="NameEncodingNote"/>: which rule decoded a group of entry names.</summary>
public static class NameEncodingNoteCodes
{
    /// <summary>Declared: general purpose flag bit 11 over valid UTF-8.</summary>
    public const string Utf8Flag = "utf-8-flag";

    /// <summary>Declared: an Info-ZIP Unicode Path extra field (0x7075) whose CRC matches the raw name.</summary>
    public const string UnicodePath = "unicode-path-field";

    /// <summary>Undeclared but pure ASCII: the encoding makes no difference.</summary>
    public const string Ascii = "ascii";

    /// <summary>Undeclared; decoded with the encoding <c>Archive:NameEncoding</c> names.</summary>
    public const string Configured = "name-encoding-configured";

    /// <summary>Undeclared; the encoding was guessed from all such names of the archive together.</summary>
    public const string Detected = "name-encoding-guessed";
}
