namespace OssUnzip.Function.Archive.Paths;

/// <summary>Why an entry gets no object key.</summary>
internal enum PathSkipReason
{
    None = 0,

    /// <summary>Nothing is left once unsafe parts are removed (an empty name, or one of only slashes).</summary>
    EmptyAfterSanitizing,

    /// <summary>The name is not well-formed Unicode (a lone surrogate), so it has no UTF-8 key.</summary>
    InvalidUnicode,

    /// <summary>Output folder plus relative path exceed the 1023-byte UTF-8 key limit.</summary>
    KeyTooLong,
}
