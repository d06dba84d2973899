using System.Buffers.Binary;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// An entry's modification time as Unix seconds, for the <c>mtime</c> user metadata rclone reads
/// (docs/facts.md §5, §16): the extended-timestamp extra field (0x5455, UTC seconds) when the central
/// record has one with its modification-time flag, else the DOS date and time of the central record,
/// which carry no time zone and are taken as UTC. Null when the DOS date is zero or invalid.
/// </summary>
internal static class ZipEntryTimes
{
    private const ushort ExtendedTimestampId = 0x5455;

    public static long? ModifiedUnixSeconds(ZipCentralEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return FromExtendedTimestamp(entry.Extra.Span) ?? FromDos(
            BinaryPrimitives.ReadUInt16LittleEndian(entry.Record.Span[Central.Date..]),
            BinaryPrimitives.ReadUInt16LittleEndian(entry.Record.Span[Central.Time..]));
    }

    /// <summary>APPNOTE 4.4.6: date = (year - 1980) &lt;&lt; 9 | month &lt;&lt; 5 | day; time = hour &lt;&lt; 11 | minute &lt;&lt; 5 | seconds / 2.</summary>
    internal static long? FromDos(ushort date, ushort time)
    {
        int year = 1980 + (date >> 9), month = (date >> 5) & 0xF, day = date & 0x1F;
        int hour = time >> 11, minute = (time >> 5) & 0x3F, second = (time & 0x1F) * 2;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds();
    }

    private static long? FromExtendedTimestamp(ReadOnlySpan<byte> extra)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (extra.Length < 4 + size)
            {
                return null;
            }

            var data = extra.Slice(4, size);
            if (id == ExtendedTimestampId)
            {
                // Flags byte; bit 0 says a modification time (signed 32-bit UTC seconds) follows.
                return data.Length >= 5 && (data[0] & 1) != 0 ? BinaryPrimitives.ReadInt32LittleEndian(data[1..]) : null;
            }

            extra = extra[(4 + size)..];
        }

        return null;
    }
}
