using System.Globalization;
using System.Text;

namespace OssUnzip.Function.Tests.Archive.Tar;

/// <summary>
/// Hand-built tar bytes for reader tests, laid out as POSIX ustar and the GNU tar manual describe
/// (docs/facts.md §15): 512-byte headers with an octal checksum, data padded to 512.
/// </summary>
internal static class TarBlocks
{
    public static byte[] Header(byte[] name, char type, long size, bool ustar = true, Action<byte[]>? edit = null)
    {
        var block = new byte[512];
        name.AsSpan(0, Math.Min(100, name.Length)).CopyTo(block);
        Ascii("0000644\0", block, 100);
        Ascii(Convert.ToString(size, 8).PadLeft(11, '0') + "\0", block, 124);
        block[156] = (byte)type;
        if (ustar)
        {
            Ascii("ustar\000", block, 257);
        }

        edit?.Invoke(block);
        Checksum(block);
        return block;
    }

    public static byte[] Header(string name, char type, long size, bool ustar = true, Action<byte[]>? edit = null) =>
        Header(Encoding.UTF8.GetBytes(name), type, size, ustar, edit);

    public static void Checksum(byte[] block)
    {
        "        "u8.CopyTo(block.AsSpan(148));
        var sum = block.Sum(b => (int)b);
        Ascii(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ", block, 148);
    }

    public static byte[] Data(byte[] data) => [.. data, .. new byte[(512 - (data.Length % 512)) % 512]];

    public static byte[] Pax(params (string Key, string Value)[] records)
    {
        var body = new StringBuilder();
        foreach (var (key, value) in records)
        {
            var line = $" {key}={value}\n";
            var length = Encoding.UTF8.GetByteCount(line);
            // The length counts its own digits: one more digit when adding them crosses a power of ten.
            var total = length + length.ToString(CultureInfo.InvariantCulture).Length;
            total = length + total.ToString(CultureInfo.InvariantCulture).Length;

            body.Append(total.ToString(CultureInfo.InvariantCulture)).Append(line);
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        return [.. Header("PaxHeaders/x", 'x', bytes.Length), .. Data(bytes)];
    }

    public static byte[] End => new byte[1024];

    private static void Ascii(string text, byte[] block, int offset) => Encoding.ASCII.GetBytes(text).CopyTo(block, offset);
}
