namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>One stored entry of a <see cref="CraftedZip"/> and the ways its headers may be bent.</summary>
internal sealed class CraftedEntry(string name, byte[] content)
{
    public string Name { get; } = name;

    public byte[] Content { get; } = content;

    /// <summary>Other bytes under a local header of the same name, placed before the real one and named by no central record.</summary>
    public byte[]? Decoy { get; init; }

    public bool SaturateUncompressed { get; init; }

    public bool SaturateCompressed { get; init; }

    public bool SaturateOffset { get; init; }

    /// <summary>The central extra field, given the entry once offsets are known.</summary>
    public Func<CraftedEntry, byte[]>? CentralExtra { get; init; }

    public string? LocalName { get; init; }

    public ushort? LocalMethod { get; init; }

    public ushort LocalFlags { get; init; }

    public byte[] LocalExtra { get; init; } = [];

    public uint? LocalSize { get; init; }

    public uint? LocalCrc { get; init; }

    /// <summary>Set by <see cref="CraftedZip.Build"/>: where the real local header was written.</summary>
    public long Offset { get; set; }

    /// <summary>Set by <see cref="CraftedZip.Build"/>: where the decoy local header was written.</summary>
    public long DecoyOffset { get; set; }
}
