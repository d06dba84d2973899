namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>One central directory record as stored, with ZIP64 values already applied.</summary>
internal sealed record ZipListingEntry(
    byte[] RawName,
    ushort VersionMadeBy,
    ushort Flags,
    ushort CompressionMethod,
    uint Crc32,
    long CompressedSize,
    long UncompressedSize,
    uint ExternalAttributes,
    long LocalHeaderOffset,
    byte[] ExtraField)
{
    public bool HasDataDescriptor => (Flags & 0x0008) != 0;

    public bool HasUtf8Flag => (Flags & 0x0800) != 0;

    public bool HasExtraField(ushort headerId)
    {
        var extra = ExtraField.AsSpan();
        while (extra.Length >= 4)
        {
            var id = BitConverter.ToUInt16(extra);
            var size = BitConverter.ToUInt16(extra[2..]);
            if (id == headerId)
            {
                return true;
            }

            extra = extra[Math.Min(extra.Length, 4 + size)..];
        }

        return false;
    }
}
