namespace OssUnzip.Function.Archive.Names;

/// <summary>Which rule decided how an entry name was decoded.</summary>
internal enum NameSource
{
    /// <summary>General purpose flag bit 11 was set and the bytes are valid UTF-8.</summary>
    Utf8Flag,

    /// <summary>An Info-ZIP Unicode Path extra field (0x7075) whose CRC-32 matches the raw name.</summary>
    UnicodePathExtra,

    /// <summary>No flag, but the bytes are valid UTF-8 (includes plain ASCII).</summary>
    DetectedUtf8,

    /// <summary>The bytes decode strictly as GB18030 and look like Chinese text.</summary>
    DetectedGb18030,

    /// <summary>Nothing else fit: the ZIP specification's default code page 437.</summary>
    Cp437,

    /// <summary>The configured <see cref="NameEncodingMode"/> decided.</summary>
    Override,
}
