namespace OssUnzip.Function.Tests.Archive.Corpus;

internal enum ExpectedRejectionKind
{
    /// <summary>Encrypted entries or unsupported compression methods; found in the central directory.</summary>
    UnsupportedEntries,

    /// <summary>Two entries' data ranges overlap (the "better zip bomb"); found in the central directory.</summary>
    OverlappingEntries,

    /// <summary>No end of central directory record: not a ZIP, empty, or cut short.</summary>
    NotAZip,

    /// <summary>End records exist but the central directory is unreadable or outside the file.</summary>
    CorruptCentralDirectory,

    /// <summary>An entry's data fails its CRC or inflates past its declared size, found while streaming.</summary>
    EntryDataCorrupt,

    /// <summary>Encrypted entries and no Archive:Passwords configured (the corpus runs with the defaults).</summary>
    PasswordRequired,
}
