namespace OssUnzip.Function.Archive.Planning;

/// <summary>The <c>code</c> of a skipped or renamed entry in reports and manifests.</summary>
public static class EntryNoteCodes
{
    public const string Skipped = "skipped";
    public const string Symlink = "symlink";
    public const string ControlCharacter = "control-character";
    public const string EmptyAfterSanitizing = "empty-after-sanitizing";
    public const string InvalidUnicode = "invalid-unicode";
    public const string KeyTooLong = "key-too-long";
    public const string ReplacedByLaterEntry = "replaced-by-later-entry";
    public const string ReservedName = "reserved-name";
    public const string Normalized = "normalized";
    public const string DotName = "dot-name";
    public const string MacMetadata = "macos-metadata";

    /// <summary>A folder entry (name ending in <c>/</c>, or folder attributes) that holds bytes: a folder writes no object.</summary>
    public const string DirectoryWithData = "directory-with-data";

    /// <summary>A decomposed name whose NFC form is another entry's name: kept under a <c>~2</c> name.</summary>
    public const string ComposedNameTaken = "composed-name-taken";

    /// <summary>A tar hard link: never followed or written.</summary>
    public const string HardLink = "hardlink";

    /// <summary>A tar character or block device, FIFO, or other member that is not a file, folder or link.</summary>
    public const string SpecialFile = "special-file";

    /// <summary>Left out by the rule's Include/Exclude globs.</summary>
    public const string Excluded = "excluded";

    /// <summary>The target key already existed and the rule's overwrite policy is skip-existing.</summary>
    public const string TargetExists = "target-exists";
}
