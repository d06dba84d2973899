using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Unicode;

namespace OssUnzip.Function.Archive.Names;

/// <summary>
/// Reads the Info-ZIP Unicode Path extra field (header id 0x7075): version 1, the CRC-32 of the raw
/// name it stands for, then that name in UTF-8. The field is only trusted when its CRC matches the raw
/// name in the same header; otherwise a tool renamed the entry without updating the field.
/// </summary>
internal static class UnicodePathExtraField
{
    public const ushort HeaderId = 0x7075;

    private const byte SupportedVersion = 1;
    private const int BlockHeaderLength = 4;
    private const int FixedPartLength = 5;

    public static bool TryGetName(ReadOnlySpan<byte> extraField, ReadOnlySpan<byte> rawName, out ReadOnlySpan<byte> utf8Name)
    {
        var remaining = extraField;
        while (remaining.Length >= BlockHeaderLength)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(remaining);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(remaining[2..]);
            if (size > remaining.Length - BlockHeaderLength)
            {
                break;
            }

            var data = remaining.Slice(BlockHeaderLength, size);
            remaining = remaining[(BlockHeaderLength + size)..];

            if (id != HeaderId || data.Length <= FixedPartLength || data[0] != SupportedVersion)
            {
                continue;
            }

            var candidate = data[FixedPartLength..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(data[1..]) == Crc32.HashToUInt32(rawName) && Utf8.IsValid(candidate))
            {
                utf8Name = candidate;
                return true;
            }
        }

        utf8Name = default;
        return false;
    }
}
