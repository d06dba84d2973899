namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>One entry for corpus_zip.py: its name (text plus Python codec, or exact bytes) and content.</summary>
internal sealed record PythonEntry(string Name, byte[] Data)
{
    /// <summary>Python codec for <see cref="Name"/> (gbk, cp437); null means UTF-8.</summary>
    public string? Encoding { get; init; }

    /// <summary>Exact name bytes; overrides <see cref="Name"/> in the header (Name stays the label).</summary>
    public byte[]? RawName { get; init; }

    public int FlagBits { get; init; }

    public bool Deflate { get; init; } = true;

    /// <summary>Adds an Info-ZIP Unicode Path extra field (0x7075) holding this name.</summary>
    public string? UnicodePath { get; init; }

    /// <summary>Writes this CRC in the Unicode Path field instead of the raw name's (a stale field).</summary>
    public uint? UnicodePathCrc { get; init; }

    public long? ExternalAttributes { get; init; }

    /// <summary>Content of this many zero bytes, streamed with a ZIP64 local header (Data is ignored).</summary>
    public long? ZeroBytes { get; init; }

    public Dictionary<string, object> ToSpec()
    {
        var spec = new Dictionary<string, object>
        {
            ["data_hex"] = Convert.ToHexString(Data),
            ["flag_bits"] = FlagBits,
            ["deflate"] = Deflate,
        };
        if (RawName is not null)
        {
            spec["name_hex"] = Convert.ToHexString(RawName);
        }
        else
        {
            spec["name"] = Name;
            spec["encoding"] = Encoding ?? "utf-8";
        }

        if (UnicodePath is not null)
        {
            spec["unicode_path"] = UnicodePath;
        }

        if (UnicodePathCrc is not null)
        {
            spec["unicode_path_crc"] = UnicodePathCrc.Value;
        }

        if (ExternalAttributes is not null)
        {
            spec["external_attr"] = ExternalAttributes.Value;
        }

        if (ZeroBytes is not null)
        {
            spec["zero_bytes"] = ZeroBytes.Value;
        }

        return spec;
    }
}
