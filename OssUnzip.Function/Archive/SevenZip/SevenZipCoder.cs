namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>One coder of a 7z folder as its header declares it: the method id (big-endian bytes as a number) and its properties.</summary>
internal sealed record SevenZipCoder(ulong MethodId, ReadOnlyMemory<byte> Properties)
{
    public const ulong Copy = 0x00;
    public const ulong Delta = 0x03;
    public const ulong Lzma = 0x030101;
    public const ulong Lzma2 = 0x21;
    public const ulong Ppmd = 0x030401;
    public const ulong Bcj = 0x03030103;
    public const ulong Bcj2 = 0x0303011B;
    public const ulong PowerPc = 0x03030205;
    public const ulong Ia64 = 0x03030401;
    public const ulong Arm = 0x03030501;
    public const ulong ArmThumb = 0x03030701;
    public const ulong Sparc = 0x03030805;
    public const ulong Deflate = 0x040108;
    public const ulong Bzip2 = 0x040202;
    public const ulong Aes256 = 0x06F10701;

    /// <summary>The methods SharpCompress decodes in a 7z folder and this service accepts (docs/facts.md §19).</summary>
    public bool IsSupported => MethodId is Copy or Delta or Lzma or Lzma2 or Ppmd or Bcj or Bcj2 or PowerPc or Ia64 or Arm or ArmThumb or Sparc or Deflate or Bzip2 or Aes256;

    public bool IsEncryption => MethodId == Aes256;

    /// <summary>
    /// The most SHA-256 key-derivation rounds a 7zAES coder may ask for, as a power of two: 2^24, the
    /// bound SharpCompress itself applies when a salt or IV is present and 7-Zip's own archives stay far
    /// below (docs/facts.md §29). Without the bound a six-bit property asks for up to 2^62 rounds, run per
    /// configured password before any byte is decoded and deaf to cancellation.
    /// </summary>
    public const int MaxKeyDerivationPower = 24;

    /// <summary>7zAES's "no derivation" value (63): the key is the salt and the password themselves.</summary>
    public const int NoKeyDerivation = 0x3F;

    /// <summary>
    /// For 7zAES, the base-2 log of its key-derivation rounds: the low six bits of its first property
    /// byte (<see cref="NoKeyDerivation"/>: none); null for other methods, or when the properties are empty.
    /// </summary>
    public int? KeyDerivationPower => IsEncryption && Properties.Length >= 1 ? Properties.Span[0] & 0x3F : null;

    /// <summary>
    /// The memory the decoder allocates from its properties: the LZMA/LZMA2 dictionary (its window) or
    /// the PPMd model size; null for the methods whose memory is small and fixed.
    /// </summary>
    public long? DictionaryBytes => MethodId switch
    {
        Lzma when Properties.Length >= 5 => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(Properties.Span[1..5]),
        Ppmd when Properties.Length >= 5 => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(Properties.Span[1..5]),
        Lzma2 when Properties.Length >= 1 => Lzma2Dictionary(Properties.Span[0]),
        _ => null,
    };

    public string Name => MethodId switch
    {
        Copy => "Copy",
        Delta => "Delta",
        Lzma => "LZMA",
        Lzma2 => "LZMA2",
        Ppmd => "PPMd",
        Bcj => "BCJ",
        Bcj2 => "BCJ2",
        PowerPc => "PPC",
        Ia64 => "IA64",
        Arm => "ARM",
        ArmThumb => "ARMT",
        Sparc => "SPARC",
        Deflate => "Deflate",
        Bzip2 => "BZip2",
        Aes256 => "7zAES",
        _ => "0x" + MethodId.ToString("X", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>LZMA2's one-byte dictionary size: 40 means 4 GiB - 1; above 40 is invalid, read as the largest.</summary>
    internal static long Lzma2Dictionary(byte bits) => bits >= 40 ? uint.MaxValue : (2L | (bits & 1)) << ((bits / 2) + 11);
}
