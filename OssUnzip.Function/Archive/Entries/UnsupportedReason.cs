namespace OssUnzip.Function.Archive.Entries;

/// <summary>Why an entry's data cannot be read.</summary>
internal enum UnsupportedReason
{
    None = 0,

    /// <summary>General purpose flag bit 0 with a traditional (ZipCrypto) header.</summary>
    Encrypted,

    /// <summary>WinZip AES (compression method 99).</summary>
    AesEncrypted,

    /// <summary>PKWARE strong encryption (flag bit 6) or a masked central directory (bit 13).</summary>
    StrongEncryption,

    /// <summary>A compression method other than Stored, Deflate or Deflate64.</summary>
    CompressionMethod,
}
