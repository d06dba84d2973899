using System.Buffers.Binary;
using System.Text;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Tests.Archive.Names;

internal sealed class EntryNameDecoderTests
{
    private const ushort NoFlags = 0;
    private const ushort Utf8Flag = 0x0800;

    static EntryNameDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding Gbk => Encoding.GetEncoding(936);

    private static Encoding Cp437 => Encoding.GetEncoding(437);

    private static Encoding? Auto => null;

    private static Encoding Forced(string setting) =>
        NameEncodingSetting.TryParse(setting, out var encoding) && encoding is not null ? encoding : throw new ArgumentException(setting);

    [Test]
    public void Decode_Utf8FlagAndUtf8Bytes_UsesUtf8Flag()
    {
        var result = EntryNameDecoder.Decode("资料/报告.txt"u8, Utf8Flag, [], Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("资料/报告.txt", NameSource.Utf8Flag, "utf-8")));
    }

    [Test]
    public void Decode_Utf8FlagOverGbkBytes_IgnoresFlagAndDetectsGb18030()
    {
        // Bytes bsdtar (libarchive 3.6) wrote for a file named in GBK, with bit 11 set regardless.
        byte[] raw = [0xd6, 0xd0, 0xce, 0xc4, 0xce, 0xc4, 0xbc, 0xfe, 0x2e, 0x74, 0x78, 0x74];

        var result = EntryNameDecoder.Decode(raw, Utf8Flag, [], Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("中文文件.txt", NameSource.Detected, "gb18030")));
    }

    [Test]
    public void Decode_InfoZipGbkBytesWithoutFlag_DetectsGb18030()
    {
        // Bytes Info-ZIP zip 3.0 stored for a file named "报告（最终版）.docx" in GBK.
        byte[] raw = [0xb1, 0xa8, 0xb8, 0xe6, 0xa3, 0xa8, 0xd7, 0xee, 0xd6, 0xd5, 0xb0, 0xe6, 0xa3, 0xa9, 0x2e, 0x64, 0x6f, 0x63, 0x78];

        var result = EntryNameDecoder.Decode(raw, NoFlags, [], Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("报告（最终版）.docx", NameSource.Detected, "gb18030")));
    }

    [Test]
    public void Decode_InfoZipCp437BytesWithoutFlag_FallsBackToCp437()
    {
        // Bytes Info-ZIP zip 3.0 stored for a file named "Résumé.txt" in CP437.
        byte[] raw = [0x52, 0x82, 0x73, 0x75, 0x6d, 0x82, 0x2e, 0x74, 0x78, 0x74];

        var result = EntryNameDecoder.Decode(raw, NoFlags, [], Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("Résumé.txt", NameSource.Detected, "ibm437")));
    }

    [Test]
    public void Decode_Utf8BytesWithoutFlag_DetectsUtf8()
    {
        var result = EntryNameDecoder.Decode("中文文件.txt"u8, NoFlags, [], Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("中文文件.txt", NameSource.Detected, "utf-8")));
    }

    [Test]
    public void Decode_AsciiWithoutFlag_DetectsUtf8()
    {
        var result = EntryNameDecoder.Decode("docs/readme.txt"u8, NoFlags, [], Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("docs/readme.txt", NameSource.Ascii, "us-ascii")));
    }

    [Test]
    public void Decode_EmptyName_DecodesToEmpty()
    {
        var result = EntryNameDecoder.Decode([], NoFlags, [], Auto);

        Assert.That(result.Name, Is.Empty);
    }

    [TestCaseSource(typeof(Gb18030NameScanTests), nameof(Gb18030NameScanTests.ChineseNames))]
    public void Decode_ChineseNameInGbk_RoundTrips(string name)
    {
        var result = EntryNameDecoder.Decode(Gbk.GetBytes(name), NoFlags, [], Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName(name, NameSource.Detected, "gb18030")));
    }

    [TestCaseSource(typeof(Gb18030NameScanTests), nameof(Gb18030NameScanTests.Cp437Names))]
    public void Decode_AccentedNameInCp437_RoundTrips(string name)
    {
        var result = EntryNameDecoder.Decode(Cp437.GetBytes(name), NoFlags, [], Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName(name, NameSource.Detected, "ibm437")));
    }

    [Test]
    public void Decode_UnicodePathExtraWithMatchingCrc_UsesExtraName()
    {
        var raw = Gbk.GetBytes("中文.txt");

        var result = EntryNameDecoder.Decode(raw, NoFlags, UnicodePathField(raw, "中文.txt"), Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("中文.txt", NameSource.UnicodePathExtra, "utf-8")));
    }

    [Test]
    public void Decode_UnicodePathExtraAfterOtherFields_IsFound()
    {
        var raw = "???.txt"u8.ToArray();
        byte[] timestamp = [0x55, 0x54, 0x05, 0x00, 0x03, 0x39, 0xfa, 0x07, 0x6b];
        byte[] extra = [.. timestamp, .. UnicodePathField(raw, "日本語.txt")];

        var result = EntryNameDecoder.Decode(raw, NoFlags, extra, Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("日本語.txt", NameSource.UnicodePathExtra, "utf-8")));
    }

    [Test]
    public void Decode_UnicodePathExtraWithStaleCrc_IgnoresExtra()
    {
        var raw = Cp437.GetBytes("Über.txt");

        var result = EntryNameDecoder.Decode(raw, NoFlags, UnicodePathField(raw, "Wrong.txt", crc: 0xDEADBEEF), Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("Über.txt", NameSource.Detected, "ibm437")));
    }

    [Test]
    public void Decode_UnicodePathExtraVersionTwo_IgnoresExtra()
    {
        var raw = "plain.txt"u8.ToArray();
        var extra = UnicodePathField(raw, "other.txt");
        extra[4] = 2;

        var result = EntryNameDecoder.Decode(raw, NoFlags, extra, Auto);

        Assert.That(result.Source, Is.EqualTo(NameSource.Ascii));
    }

    [Test]
    public void Decode_UnicodePathExtraWithInvalidUtf8_IgnoresExtra()
    {
        var raw = "plain.txt"u8.ToArray();
        var extra = UnicodePathField(raw, "x");
        extra[^1] = 0xFF;

        var result = EntryNameDecoder.Decode(raw, NoFlags, extra, Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("plain.txt", NameSource.Ascii, "us-ascii")));
    }

    [Test]
    public void Decode_TruncatedExtraField_IgnoresExtra()
    {
        var raw = "plain.txt"u8.ToArray();
        var extra = UnicodePathField(raw, "other.txt")[..^3];

        var result = EntryNameDecoder.Decode(raw, NoFlags, extra, Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("plain.txt", NameSource.Ascii, "us-ascii")));
    }

    [Test]
    public void Decode_Utf8FlagAndUnicodePathExtra_FlagWins()
    {
        var raw = "flagged.txt"u8.ToArray();

        var result = EntryNameDecoder.Decode(raw, Utf8Flag, UnicodePathField(raw, "extra.txt"), Auto);

        Assert.That(result, Is.EqualTo(new DecodedEntryName("flagged.txt", NameSource.Utf8Flag, "utf-8")));
    }

    [Test]
    public void Decode_UnicodePathExtraAndOverride_ExtraWins()
    {
        var raw = Gbk.GetBytes("中文.txt");

        var result = EntryNameDecoder.Decode(raw, NoFlags, UnicodePathField(raw, "中文.txt"), Forced("cp437"));

        Assert.That(result.Source, Is.EqualTo(NameSource.UnicodePathExtra));
    }

    [Test]
    public void Decode_Cp437OverrideOnUtf8Bytes_UsesCp437()
    {
        // "ü" in UTF-8 is C3 BC, which CP437 reads as two box-drawing characters.
        var result = EntryNameDecoder.Decode("ü.txt"u8, NoFlags, [], Forced("cp437"));

        Assert.That(result, Is.EqualTo(new DecodedEntryName("├╝.txt", NameSource.Configured, "ibm437")));
    }

    [Test]
    public void Decode_OverrideWithUtf8Flag_FlagWins()
    {
        var result = EntryNameDecoder.Decode("ü.txt"u8, Utf8Flag, [], Forced("cp437"));

        Assert.That(result, Is.EqualTo(new DecodedEntryName("ü.txt", NameSource.Utf8Flag, "utf-8")));
    }

    [Test]
    public void Decode_Gb18030OverrideOnNameTheHeuristicCallsLatin_UsesGb18030()
    {
        // 電腦資料 is traditional Chinese in GBK: three of four pairs sit in the extension area, and one
        // short name gives the detector too little text, so auto mode reads it as DOS Latin; a
        // deployment that knows its users sets the override.
        var raw = Gbk.GetBytes("電腦資料.txt");

        var auto = EntryNameDecoder.Decode(raw, NoFlags, [], Auto);
        var overridden = EntryNameDecoder.Decode(raw, NoFlags, [], Forced("gb18030"));

        Assert.Multiple(() =>
        {
            Assert.That(auto.Encoding, Is.AnyOf("ibm437", "ibm850"));
            Assert.That(overridden, Is.EqualTo(new DecodedEntryName("電腦資料.txt", NameSource.Configured, "gb18030")));
        });
    }

    [Test]
    public void Decode_Gb18030OverrideOnFourByteSequence_DecodesSupplementaryCharacter()
    {
        byte[] raw = [0x95, 0x32, 0x82, 0x36, 0x2e, 0x74, 0x78, 0x74];

        var result = EntryNameDecoder.Decode(raw, NoFlags, [], Forced("gb18030"));

        Assert.That(result, Is.EqualTo(new DecodedEntryName("\U00020000.txt", NameSource.Configured, "gb18030")));
    }

    [Test]
    public void Decode_Gb18030OverrideOnMalformedBytes_FallsBackToDetection()
    {
        var result = EntryNameDecoder.Decode(Cp437.GetBytes("Café.txt"), NoFlags, [], Forced("gb18030"));

        Assert.That(result, Is.EqualTo(new DecodedEntryName("Café.txt", NameSource.Detected, "ibm437")));
    }

    [Test]
    public void Decode_Utf8OverrideOnGbkBytes_FallsBackToDetection()
    {
        var result = EntryNameDecoder.Decode(Gbk.GetBytes("中文文件.txt"), NoFlags, [], Forced("utf-8"));

        Assert.That(result, Is.EqualTo(new DecodedEntryName("中文文件.txt", NameSource.Detected, "gb18030")));
    }

    [Test]
    public void Decode_Utf8OverrideOnUtf8Bytes_UsesOverride()
    {
        var result = EntryNameDecoder.Decode("中文.txt"u8, NoFlags, [], Forced("utf-8"));

        Assert.That(result, Is.EqualTo(new DecodedEntryName("中文.txt", NameSource.Configured, "utf-8")));
    }

    [Test]
    public void Decode_RandomBytesInEveryMode_NeverThrowsNorInventsReplacementCharacters()
    {
        var random = new Random(4);
        Encoding?[] modes = [Auto, Forced("utf-8"), Forced("gb18030"), Forced("cp437"), Forced("shift_jis"), Forced("big5"), Forced("cp949")];
        var buffer = new byte[24];
        for (var i = 0; i < 5000; i++)
        {
            var raw = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(raw);
            var flags = (ushort)(random.Next(2) == 0 ? NoFlags : Utf8Flag);

            var result = EntryNameDecoder.Decode(raw, flags, [], modes[i % modes.Length]);

            Assert.That(result.Name, Does.Not.Contain("\uFFFD"), Convert.ToHexString(raw));
        }
    }

    private static byte[] UnicodePathField(byte[] rawName, string unicodeName, uint? crc = null)
    {
        var name = Encoding.UTF8.GetBytes(unicodeName);
        var field = new byte[4 + 5 + name.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(field, 0x7075);
        BinaryPrimitives.WriteUInt16LittleEndian(field.AsSpan(2), (ushort)(5 + name.Length));
        field[4] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(field.AsSpan(5), crc ?? System.IO.Hashing.Crc32.HashToUInt32(rawName));
        name.CopyTo(field, 9);
        return field;
    }
}
