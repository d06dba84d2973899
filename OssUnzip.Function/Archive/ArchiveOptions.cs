namespace OssUnzip.Function.Archive;

/// <summary>
/// Limits and tuning for expanding one archive. Bound from the "Archive" section; defaults here are
/// the documented ones; validated at startup by <see cref="ArchiveOptionsValidator"/>.
/// </summary>
public sealed class ArchiveOptions
{
    public const string SectionName = "Archive";

    /// <summary>Archives declaring more entries are rejected before anything is written. Default 1,000,000 (jobs shard what one request cannot do, issue 16).</summary>
    public int MaxEntries { get; set; } = 1_000_000;

    /// <summary>Archives whose entries add up to more are rejected before anything is written. Default 1 TiB.</summary>
    public long MaxTotalUncompressedBytes { get; set; } = 1L << 40;

    /// <summary>
    /// An entry declaring a larger uncompressed:compressed ratio is rejected. Default 1100, just above
    /// Deflate's ~1032:1 ceiling, so only an impossible declaration trips it; lower it to be stricter.
    /// </summary>
    public int MaxCompressionRatio { get; set; } = 1100;

    /// <summary>
    /// How names declared neither by the UTF-8 flag nor by a Unicode Path field are read: auto (one
    /// encoding guessed from all such names of the archive: UTF-8, a CJK or Cyrillic code page, GB18030,
    /// else CP437/CP850), or any code page .NET knows by name or number (shift_jis, big5, cp949, cp866,
    /// 932...). Default auto.
    /// </summary>
    public string NameEncoding { get; set; } = "auto";

    /// <summary>Entry names are put in Unicode composed form (NFC) before they become keys, so macOS's decomposed names match what users type. Default true; false keeps names as decoded.</summary>
    public bool NormalizeNamesToNfc { get; set; } = true;

    /// <summary>The __MACOSX/ tree, AppleDouble ._name files beside their name, and .DS_Store are skipped and listed (macos-metadata). Default true.</summary>
    public bool SkipMacMetadata { get; set; } = true;

    /// <summary>An archive whose only top-level item is a folder named like the archive expands without that folder (x.zip holding x/a.txt → unzip/x/a.txt). Default true.</summary>
    public bool FlattenSingleTopFolder { get; set; } = true;

    /// <summary>Archive readers working at once, each on its own batch of entries. Default 4.</summary>
    public int ReadConcurrency { get; set; } = 4;

    /// <summary>
    /// PUT / UploadPart requests in flight at once: where the number starts, and the fixed number when
    /// <see cref="MaxUploadConcurrency"/> equals it. Default 16.
    /// </summary>
    public int UploadConcurrency { get; set; } = 16;

    /// <summary>
    /// Up to how many requests the in-flight number may rise while the store's throughput rises with it
    /// (it halves on SlowDown/503/429; decision 0026). 0 (the default) or equal to
    /// <see cref="UploadConcurrency"/>: a fixed number. Off by default because this session's benchmark
    /// runs did not show it paying on a saturated store (README, "Issue 21"). Storage:MaxConnections must
    /// cover it plus the readers.
    /// </summary>
    public int MaxUploadConcurrency { get; set; }

    /// <summary>Entries up to this size are one PUT; larger ones are multipart uploads of parts this size. Default 8 MiB (S3 needs ≥ 5 MiB, OSS ≥ 100 KiB).</summary>
    public int PartSizeBytes { get; set; } = 8 << 20;

    /// <summary>Upper bound on entry and part buffers held at once by the whole process (a buffer over 1 MiB counts as a whole part). Default 16 MiB: two 8 MiB parts in flight kept the benchmark's large-entry rate at 0 and 10 ms latency while peak RSS fell by 16 MiB (docs/benchmarks.md).</summary>
    public long MaxBufferedBytes { get; set; } = 16L << 20;

    /// <summary>A reader takes consecutive entries until their compressed bytes reach this. Default 8 MiB.</summary>
    public long BatchBytes { get; set; } = 8L << 20;

    /// <summary>…or until it holds this many entries, so small entries spread over readers. Default 64.</summary>
    public int BatchEntries { get; set; } = 64;

    /// <summary>
    /// Largest decoder window or dictionary an archive may ask for (an xz LZMA2 dictionary, a zstd
    /// window): the decoder allocates it, so a larger one is refused before anything is written
    /// (limit-exceeded). Default 64 MiB (xz -9 and zstd -19 need 64 MiB and 8 MiB).
    /// </summary>
    public long MaxDictionaryBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Passwords for encrypted entries (ZipCrypto, WinZip AES, 7z AES), comma-separated, tried in order
    /// (for each encrypted ZIP entry, decision 0041; once per 7z); each is used exactly as written (not trimmed), so none can contain a comma. A secret:
    /// set from the k8s Secret, never logged; read only through <see cref="IArchivePasswords"/>. Default
    /// none: encrypted archives are rejected with password-required.
    /// </summary>
    public string? Passwords { get; set; }

    /// <summary>Length of a ranged GET opened without a known end. Default 8 MiB.</summary>
    public long ReadAheadBytes { get; set; } = 8L << 20;
}
