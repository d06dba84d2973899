namespace OssUnzip.Function.Archive.Names;

/// <summary>
/// How names of entries without the UTF-8 flag are decoded, for a whole deployment
/// (setting <c>Archive:NameEncoding</c>).
/// </summary>
internal enum NameEncodingMode
{
    /// <summary>Detect per entry: Unicode Path extra field, then UTF-8, then GB18030, then CP437.</summary>
    Auto,

    /// <summary>Treat unflagged names as UTF-8.</summary>
    Utf8,

    /// <summary>Treat unflagged names as GB18030 (a superset of GBK/CP936, what Chinese Windows writes).</summary>
    Gb18030,

    /// <summary>Treat unflagged names as IBM code page 437, the ZIP specification's default.</summary>
    Cp437,
}
