namespace OssUnzip.Function.Archive.Formats;

/// <summary>What the first bytes of an object are, by their magic numbers (see <see cref="ArchiveSignatures"/>).</summary>
public enum ArchiveSignature
{
    /// <summary>No signature we know.</summary>
    Unknown,
    Zip,
    Tar,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
    SevenZip,
    Rar4,
    Rar5,
    Cab,
    Iso9660,

    /// <summary>The first part of a split or spanned ZIP (it starts with the spanning marker PK\x07\x08).</summary>
    SplitZip,
}
