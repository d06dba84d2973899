namespace OssUnzip.Function.Archive.Names;

/// <summary>Which rule decided how an entry name was decoded.</summary>
internal enum NameSource
{
    /// <summary>General purpose flag bit 11 was set and the bytes are valid UTF-8.</summary>
    Utf8Flag,

    /// <summary>An Info-ZIP Unicode Path extra field (0x7075) whose CRC-32 matches the raw name.</summary>
    UnicodePathExtra,

    /// <summary>Undeclared, but every byte is ASCII: every supported encoding reads it the same.</summary>
    Ascii,

    /// <summary>Undeclared; <c>Archive:NameEncoding</c> names the encoding and the bytes decode strictly in it.</summary>
    Configured,

    /// <summary>Undeclared; the encoding was guessed once for all such names of the archive (<see cref="NameEncodingDetector"/>).</summary>
    Detected,
}
