namespace OssUnzip.Function.Archive.Paths;

/// <summary>Why a sanitized path differs from the entry name (several can apply).</summary>
[Flags]
internal enum PathRenames
{
    None = 0,

    /// <summary><c>\</c> separators were turned into <c>/</c> (old Windows writers use them).</summary>
    BackslashSeparators = 1 << 0,

    /// <summary>A leading <c>/</c> (absolute path) was removed.</summary>
    LeadingSlashRemoved = 1 << 1,

    /// <summary>A drive letter such as <c>C:</c> was removed.</summary>
    DriveLetterRemoved = 1 << 2,

    /// <summary>A UNC or device prefix (<c>//server/share/</c>, <c>//?/</c>, <c>//./</c>) was removed.</summary>
    UncPrefixRemoved = 1 << 3,

    /// <summary><c>.</c> or <c>..</c> segments were dropped (never resolved against a parent).</summary>
    DotSegmentsRemoved = 1 << 4,

    /// <summary>Empty segments (<c>a//b</c>) were dropped.</summary>
    EmptySegmentsRemoved = 1 << 5,

    /// <summary>Control characters (C0, DEL, C1; a TAB, an escape) were replaced by <c>_</c>.</summary>
    ControlCharactersReplaced = 1 << 6,

    /// <summary>Nothing of the name was left (<c>..</c>, <c>.</c>, <c>C:</c>): its last segment stands in with dots and colons made <c>_</c>.</summary>
    NameReplaced = 1 << 7,

    /// <summary>A segment named like the service's records folder (<c>.ossunzip</c>, any case) became <c>_ossunzip</c>.</summary>
    ReservedNameReplaced = 1 << 8,

    /// <summary>The name, composed to NFC, is another entry's name (<c>cafe\u0301</c> beside <c>caf\u00e9</c>): it gets a <c>~2</c> name of its own.</summary>
    ComposedNameTaken = 1 << 9,
}
