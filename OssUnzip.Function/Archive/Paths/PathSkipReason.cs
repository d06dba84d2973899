namespace OssUnzip.Function.Archive.Paths;

/// <summary>Why an entry gets no object key.</summary>
internal enum PathSkipReason
{
    None = 0,

    /// <summary>The name holds a control character (C0, DEL or C1).</summary>
    ControlCharacter,

    /// <summary>Nothing is left once unsafe parts are removed (e.g. <c>..</c> or <c>C:\</c>).</summary>
    EmptyAfterSanitizing,

    /// <summary>The name is not well-formed Unicode (a lone surrogate), so it has no UTF-8 key.</summary>
    InvalidUnicode,

    /// <summary>Output folder plus relative path exceed the 1023-byte UTF-8 key limit.</summary>
    KeyTooLong,
}
