using System.Buffers.Binary;
using System.Globalization;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Reads an entry's local header the one way the expander reads it, and decides where its data starts.
/// The central record is the authority for name, sizes and CRC (as Info-ZIP and 7-Zip treat it); the
/// local header contributes only the lengths of its own name and extra field, which place the data.
/// Disagreements that would change which bytes are read, or how, are rejected with
/// <see cref="ArchiveRejectionCodes.LocalHeaderMismatch"/>: a wrong signature, another compression
/// method, another encryption flag, or data that would run past <c>dataLimit</c> (the next entry's local
/// header or the directory). Differences in name, sizes, CRC or the data-descriptor flag are followed
/// by the central record (docs/decisions/0012-one-reading-of-every-byte.md).
/// </summary>
internal static class LocalHeaderCheck
{
    public const int FixedSize = Local.FixedSize;

    /// <param name="header">The <see cref="FixedSize"/> bytes at the entry's local-header offset.</param>
    /// <returns>The declared offset (before any prefix shift) of the entry's first data byte.</returns>
    public static long DataOffset(ReadOnlySpan<byte> header, ZipCentralEntry entry, long dataLimit)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (header.Length < FixedSize || BinaryPrimitives.ReadUInt32LittleEndian(header[Local.Signature..]) != ZipSignatures.LocalFileHeader)
        {
            throw Mismatch(entry, "no local file header starts at the offset its central record gives");
        }

        var method = BinaryPrimitives.ReadUInt16LittleEndian(header[Local.Method..]);
        if (method != entry.Method)
        {
            throw Mismatch(entry, string.Create(CultureInfo.InvariantCulture, $"its local header says compression method {method}, its central record {entry.Method}"));
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[Local.Flags..]);
        const ushort encryption = FlagBits.Encrypted | FlagBits.StrongEncryption;
        if ((flags & encryption) != (entry.Flags & encryption))
        {
            throw Mismatch(entry, "its local header and central record disagree on encryption");
        }

        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[Local.NameLength..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[Local.ExtraLength..]);
        var dataOffset = entry.LocalHeaderOffset + FixedSize + nameLength + extraLength;
        if (dataOffset + entry.CompressedSize > dataLimit)
        {
            throw Mismatch(entry, string.Create(CultureInfo.InvariantCulture, $"its data ({entry.CompressedSize} bytes from byte {dataOffset}, after a local name of {nameLength} and extra field of {extraLength} bytes) would run past byte {dataLimit}, where the next entry or the directory begins"));
        }

        return dataOffset;
    }

    private static ArchiveRejectedException Mismatch(ZipCentralEntry entry, string what) =>
        new(ArchiveRejectionCodes.LocalHeaderMismatch, string.Create(CultureInfo.InvariantCulture, $"Entry {entry.Index} (local header at offset {entry.LocalHeaderOffset}): {what}."));
}
