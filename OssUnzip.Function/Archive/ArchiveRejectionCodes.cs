namespace OssUnzip.Function.Archive;

/// <summary>Machine-readable reasons an archive is rejected; they appear as <c>code</c> in responses and events.</summary>
public static class ArchiveRejectionCodes
{
    /// <summary>No end-of-central-directory record: not a ZIP, empty, or cut short.</summary>
    public const string NotAZip = "not-a-zip";

    /// <summary>End records exist but the central directory is unreadable or outside the file; or a 7z header fails its CRC or will not parse.</summary>
    public const string CorruptCentralDirectory = "corrupt-central-directory";

    /// <summary>Split/spanned archives.</summary>
    public const string UnsupportedArchive = "unsupported-archive";

    /// <summary>Encrypted entries or compression methods we cannot read.</summary>
    public const string UnsupportedEntries = "unsupported-entries";

    /// <summary>Entries whose data ranges overlap (the "better zip bomb").</summary>
    public const string OverlappingEntries = "overlapping-entries";

    /// <summary>Over Archive:MaxEntries, MaxTotalUncompressedBytes or MaxCompressionRatio.</summary>
    public const string LimitExceeded = "limit-exceeded";

    /// <summary>
    /// An entry's local header disagrees with its central record in a way that changes which bytes are
    /// read or how (signature, compression method, encryption, or data that would run into the next
    /// entry or the directory); see docs/decisions/0012-one-reading-of-every-byte.md.
    /// </summary>
    public const string LocalHeaderMismatch = "local-header-mismatch";

    /// <summary>An entry's data failed its size or CRC-32 check, or would not decompress, while streaming.</summary>
    public const string EntryDataCorrupt = "entry-data-corrupt";

    /// <summary>The store permanently refused the object an entry maps to (e.g. 400 KeyTooLongError).</summary>
    public const string StoreRefused = "store-refused";

    /// <summary>The object starts with no archive or compression signature the service knows (any suffix but .zip, whose reader answers not-a-zip).</summary>
    public const string NotAnArchive = "not-an-archive";

    /// <summary>The name promises one format (x.tar.gz) and the bytes are another (a ZIP, xz...).</summary>
    public const string FormatMismatch = "format-mismatch";

    /// <summary>A container the service recognises but does not expand: RAR 4/5, CAB, ISO 9660, a split ZIP part.</summary>
    public const string UnsupportedFormat = "unsupported-format";

    /// <summary>A tar or compressed stream ends before its last member or its end marker; a 7z whose header lies past its end.</summary>
    public const string Truncated = "truncated";

    /// <summary>The rule's overwrite policy is fail and at least one target key already exists; nothing was written.</summary>
    public const string TargetExists = "target-exists";

    /// <summary>The archive has encrypted entries and Archive:Passwords is empty; nothing was written.</summary>
    public const string PasswordRequired = "password-required";

    /// <summary>
    /// No password in Archive:Passwords opens the archive's encrypted entries (checked on the first
    /// encrypted entry's password verifier before anything is written, or that entry's data failing its
    /// CRC-32 or authentication code after the verifier passed); decision 0028.
    /// </summary>
    public const string WrongPassword = "wrong-password";
}
