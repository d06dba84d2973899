namespace OssUnzip.Function.Archive.Entries;

/// <summary>Whether an entry's data can be read, and if not, why, in words fit for the report.</summary>
internal readonly record struct EntrySupportResult(UnsupportedReason Reason, ushort CompressionMethod, string Description)
{
    public bool IsSupported => Reason == UnsupportedReason.None;
}
