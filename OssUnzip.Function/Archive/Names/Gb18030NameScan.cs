namespace OssUnzip.Function.Archive.Names;

/// <summary>
/// Structural scan of raw name bytes as GB18030, counting how "everyday Chinese" the multi-byte
/// sequences are. It decides between GB18030 and CP437 for names that are not UTF-8.
/// </summary>
/// <remarks>
/// Why this works: almost any string of high bytes is well-formed GB18030, so a clean decode alone
/// proves little. But the two sources differ in shape:
/// <list type="bullet">
/// <item>Chinese Windows names are GB2312 characters: lead 0xB0–0xF7 (hanzi) or 0xA1–0xA3 (full-width
/// punctuation, digits, Latin), trail 0xA1–0xFE — pairs of high bytes.</item>
/// <item>CP437 names are Latin text with accents: accented letters are 0x80–0xA8, almost always followed
/// by an ASCII letter, so as GB18030 they form pairs with a trail byte below 0xA1 (the GBK extension
/// areas, whose characters are rare), or do not decode at all (an accent before a space, dot or digit,
/// 0x80, or an accent at the end of the name).</item>
/// </list>
/// A name is taken as GB18030 when it has at least one common pair and no more uncommon sequences than
/// common pairs, so a Chinese name with one rare character (朱镕基, 王喆) still decodes as Chinese.
/// Read as CP437, GB2312 hanzi bytes look like box drawing and Greek letters (中文 = "╓╨╬─"); that look
/// is evidence for GBK, not against it.
/// Known limit: EUC-KR and EUC-JP names also form high-byte pairs and will be read as GB18030; a
/// deployment that receives them sets <c>Archive:NameEncoding</c>.
/// </remarks>
internal readonly record struct Gb18030NameScan(bool IsWellFormed, int CommonPairs, int UncommonSequences)
{
    public bool LooksLikeChinese => IsWellFormed && CommonPairs > 0 && CommonPairs >= UncommonSequences;

    public static Gb18030NameScan Scan(ReadOnlySpan<byte> bytes)
    {
        var common = 0;
        var uncommon = 0;
        var i = 0;
        while (i < bytes.Length)
        {
            var lead = bytes[i];
            if (lead < 0x80)
            {
                i++;
                continue;
            }

            if (lead is 0x80 or 0xFF || i + 1 >= bytes.Length)
            {
                return new Gb18030NameScan(false, common, uncommon);
            }

            var second = bytes[i + 1];
            if (second is >= 0x30 and <= 0x39)
            {
                if (i + 3 >= bytes.Length
                    || bytes[i + 2] is < 0x81 or 0xFF
                    || bytes[i + 3] is < 0x30 or > 0x39)
                {
                    return new Gb18030NameScan(false, common, uncommon);
                }

                uncommon++;
                i += 4;
                continue;
            }

            if (second is < 0x40 or 0x7F or 0xFF)
            {
                return new Gb18030NameScan(false, common, uncommon);
            }

            if (IsCommonGb2312Pair(lead, second))
            {
                common++;
            }
            else
            {
                uncommon++;
            }

            i += 2;
        }

        return new Gb18030NameScan(true, common, uncommon);
    }

    private static bool IsCommonGb2312Pair(byte lead, byte trail) =>
        trail >= 0xA1 && (lead is >= 0xA1 and <= 0xA3 || lead is >= 0xB0 and <= 0xF7);
}
