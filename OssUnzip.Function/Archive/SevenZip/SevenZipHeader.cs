namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>
/// What <see cref="SevenZipHeaderReader"/> learned from a 7z header before anything is decoded:
/// every folder's coders (null when the header itself is encrypted and cannot be read without a
/// password), and whether the header is encrypted (true also once a password opened it).
/// </summary>
internal sealed record SevenZipHeader(IReadOnlyList<SevenZipFolder>? Folders, bool HeaderEncrypted)
{
    /// <summary>True when the header is encrypted or any folder's coders include 7zAES.</summary>
    public bool IsEncrypted => HeaderEncrypted || (Folders?.Any(f => f.IsEncrypted) ?? false);

    /// <summary>The decoded header (from its kHeader byte) when it could be read; empty for an encrypted or empty header.</summary>
    public ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>
    /// For an encrypted header not yet opened: its packed form as a layout of one folder and one file,
    /// the header (decision 0042); a sub-archive of it decodes with the right password. Null otherwise.
    /// </summary>
    public SevenZipLayout? EncodedHeader { get; init; }
}
