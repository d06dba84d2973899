using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using OssUnzip.Function.Archive.Zip;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// Hand-built stored archives whose every header field a test can bend: ZIP64 blocks of any shape in the
/// central record or the local header, local fields that disagree with the central ones, decoy local
/// headers that no central record names. Written with the offsets of <see cref="ZipHeaderFields"/>.
/// </summary>
internal static class CraftedZip
{
    public static byte[] U64(params long[] values) => [.. values.SelectMany(v => BitConverter.GetBytes(v))];

    public static byte[] U32(uint value) => BitConverter.GetBytes(value);

    /// <summary>One extra-field block; <paramref name="declaredSize"/> overrides the size field (to lie about it).</summary>
    public static byte[] Block(ushort id, byte[] data, int? declaredSize = null)
    {
        var block = new byte[ExtraBlock.HeaderSize + data.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(ExtraBlock.Id), id);
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(ExtraBlock.DataSize), (ushort)(declaredSize ?? data.Length));
        data.CopyTo(block, ExtraBlock.HeaderSize);
        return block;
    }

    public static byte[] Zip64(params byte[][] fields) => Block(ZipSignatures.Zip64ExtraFieldId, [.. fields.SelectMany(f => f)]);

    /// <summary>
    /// Builds the archive: for each entry an optional decoy local header first (same name, other
    /// content, same CRC not required), then the entry's local header and data; then the directory.
    /// </summary>
    public static byte[] Build(params CraftedEntry[] entries)
    {
        var output = new MemoryStream();
        var offsets = new List<long>();
        foreach (var entry in entries)
        {
            if (entry.Decoy is not null)
            {
                entry.DecoyOffset = output.Position;
                WriteLocal(output, Encoding.UTF8.GetBytes(entry.Name), 0, 0, entry.Decoy, [], (uint)entry.Decoy.Length, (uint)entry.Decoy.Length, Crc32.HashToUInt32(entry.Decoy));
            }

            offsets.Add(output.Position);
            var crc = Crc32.HashToUInt32(entry.Content);
            WriteLocal(
                output,
                Encoding.UTF8.GetBytes(entry.LocalName ?? entry.Name),
                entry.LocalMethod ?? 0,
                entry.LocalFlags,
                entry.Content,
                entry.LocalExtra,
                entry.LocalSize ?? (uint)entry.Content.Length,
                entry.LocalSize ?? (uint)entry.Content.Length,
                entry.LocalCrc ?? crc);
        }

        var directoryOffset = output.Position;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            entry.Offset = offsets[i];
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var extra = entry.CentralExtra?.Invoke(entry) ?? [];
            var record = new byte[Central.FixedSize + name.Length + extra.Length];
            var span = record.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(span[Central.Signature..], ZipSignatures.CentralDirectoryRecord);
            BinaryPrimitives.WriteUInt16LittleEndian(span[Central.VersionMadeBy..], 0x031E);
            BinaryPrimitives.WriteUInt16LittleEndian(span[Central.VersionNeeded..], 45);
            BinaryPrimitives.WriteUInt32LittleEndian(span[Central.Crc32..], Crc32.HashToUInt32(entry.Content));
            BinaryPrimitives.WriteUInt32LittleEndian(span[Central.CompressedSize..], entry.SaturateCompressed ? ZipSignatures.Mask32 : (uint)entry.Content.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span[Central.UncompressedSize..], entry.SaturateUncompressed ? ZipSignatures.Mask32 : (uint)entry.Content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(span[Central.NameLength..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(span[Central.ExtraLength..], (ushort)extra.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span[Central.ExternalAttributes..], 0x81A4u << 16);
            BinaryPrimitives.WriteUInt32LittleEndian(span[Central.LocalHeaderOffset..], entry.SaturateOffset ? ZipSignatures.Mask32 : (uint)offsets[i]);
            name.CopyTo(span[Central.FixedSize..]);
            extra.CopyTo(span[(Central.FixedSize + name.Length)..]);
            output.Write(record);
        }

        var directorySize = output.Position - directoryOffset;
        var end = new byte[End.FixedSize];
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(End.Signature), ZipSignatures.EndOfCentralDirectory);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(End.EntriesOnDisk), (ushort)entries.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(End.Entries), (ushort)entries.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(End.DirectorySize), (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(End.DirectoryOffset), (uint)directoryOffset);
        output.Write(end);
        return output.ToArray();
    }

    private static void WriteLocal(MemoryStream output, byte[] name, ushort method, ushort flags, byte[] content, byte[] extra, uint compressed, uint uncompressed, uint crc)
    {
        var header = new byte[ZipHeaderFields.Local.FixedSize];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span[ZipHeaderFields.Local.Signature..], ZipSignatures.LocalFileHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(span[ZipHeaderFields.Local.VersionNeeded..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(span[ZipHeaderFields.Local.Flags..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(span[ZipHeaderFields.Local.Method..], method);
        BinaryPrimitives.WriteUInt32LittleEndian(span[ZipHeaderFields.Local.Crc32..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[ZipHeaderFields.Local.CompressedSize..], compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(span[ZipHeaderFields.Local.UncompressedSize..], uncompressed);
        BinaryPrimitives.WriteUInt16LittleEndian(span[ZipHeaderFields.Local.NameLength..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[ZipHeaderFields.Local.ExtraLength..], (ushort)extra.Length);
        output.Write(header);
        output.Write(name);
        output.Write(extra);
        output.Write(content);
    }
}
