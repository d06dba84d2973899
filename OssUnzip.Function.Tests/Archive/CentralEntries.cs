using System.Text;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive;

/// <summary>
/// Central-directory entries made by hand, for layouts no honest writer produces (overlaps, lying
/// sizes, unsupported methods). Only the fields planning and batching read are meaningful.
/// </summary>
internal static class CentralEntries
{
    public static ZipCentralEntry Create(
        int index,
        string name,
        long localHeaderOffset,
        long compressedSize,
        long uncompressedSize,
        ushort method = 8,
        ushort flags = 0x0800) =>
        new(
            index,
            VersionMadeBy: 20,
            Flags: flags,
            Method: method,
            Crc32: 0,
            CompressedSize: compressedSize,
            UncompressedSize: uncompressedSize,
            LocalHeaderOffset: localHeaderOffset,
            ExternalAttributes: 0,
            RawName: Encoding.UTF8.GetBytes(name),
            Extra: ReadOnlyMemory<byte>.Empty,
            Record: ReadOnlyMemory<byte>.Empty);

    /// <summary>Entries laid out back to back the way a writer would: header, name, data, next header.</summary>
    public static ZipLayout Sequential(params (string Name, long Compressed, long Uncompressed)[] entries)
    {
        var list = new List<ZipCentralEntry>();
        long offset = 0;
        foreach (var (name, compressed, uncompressed) in entries)
        {
            list.Add(Create(list.Count, name, offset, compressed, uncompressed));
            offset += ZipCentralEntry.LocalHeaderFixedSize + Encoding.UTF8.GetByteCount(name) + compressed;
        }

        return new ZipLayout(list, offset, PrefixLength: 0, ArchiveLength: offset + 22);
    }
}
