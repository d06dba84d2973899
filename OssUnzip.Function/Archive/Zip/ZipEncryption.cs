namespace OssUnzip.Function.Archive.Zip;

/// <summary>How an entry's data is encrypted (docs/facts.md §18).</summary>
internal enum ZipEncryption
{
    None = 0,

    /// <summary>Traditional PKWARE encryption: flag bit 0, a 12-byte header (APPNOTE 6.1).</summary>
    ZipCrypto,

    /// <summary>WinZip AES: method 99 with a 0x9901 extra field naming the key size and the real method.</summary>
    WinZipAes,
}
