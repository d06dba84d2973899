using System.Text;
using OssUnzip.Function.Archive.Names;

namespace OssUnzip.Function.Tests.Archive.Names;

/// <summary>
/// The evidence for the GB18030-versus-CP437 heuristic: everyday Chinese file names (simplified,
/// with rare characters, full-width punctuation, digits and folders) and accented Latin names that
/// DOS-era and Western Windows tools write in code page 437.
/// </summary>
internal sealed class Gb18030NameScanTests
{
    internal static readonly string[] ChineseNames =
    [
        "中文文件.txt",
        "报告（最终版）.docx",
        "朱镕基讲话.txt",
        "王喆简历.doc",
        "2023年度财务报表.xlsx",
        "新建文件夹",
        "会议纪要_20240517.docx",
        "身份证复印件.jpg",
        "毕业论文（定稿）.pdf",
        "《红楼梦》全文.txt",
        "李堃.jpg",
        "深淺测试文件.txt",
        "项目计划书v2.pptx",
        "采购合同-盖章版.pdf",
        "照片/2024春节/全家福.jpg",
        "课程表.xls",
        "微信图片_20240101.png",
        "发票.pdf",
        "数据.csv",
        "说明.txt",
        "鲁迅《呐喊》.epub",
        "繁體中文.txt",
    ];

    internal static readonly string[] Cp437Names =
    [
        "Über.txt",
        "Straße.pdf",
        "naïve.txt",
        "Résumé.txt",
        "façade.txt",
        "Müller.txt",
        "Köln.txt",
        "Ñandú.txt",
        "Ärger.doc",
        "Größe.txt",
        "Déjà vu.txt",
        "Café.txt",
        "Crème brûlée.doc",
        "Señor.txt",
        "Año nuevo.txt",
        "Ça va.txt",
        "Æsir.txt",
        "Ålesund.txt",
        "Zürich.txt",
        "Málaga.txt",
        "Jalapeño.txt",
        "Fiancée.doc",
        "Gödel.pdf",
        "Ångström.txt",
        "Übersicht Größen.xls",
    ];

    static Gb18030NameScanTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding Gbk => Encoding.GetEncoding(936);

    private static Encoding Cp437 => Encoding.GetEncoding(437);

    [TestCaseSource(nameof(ChineseNames))]
    public void Scan_ChineseNameInGbk_LooksLikeChinese(string name)
    {
        var scan = Gb18030NameScan.Scan(Gbk.GetBytes(name));

        Assert.That(scan.LooksLikeChinese, Is.True, scan.ToString());
    }

    [TestCaseSource(nameof(Cp437Names))]
    public void Scan_AccentedNameInCp437_DoesNotLookLikeChinese(string name)
    {
        var scan = Gb18030NameScan.Scan(Cp437.GetBytes(name));

        Assert.That(scan.LooksLikeChinese, Is.False, scan.ToString());
    }

    [Test]
    public void Scan_AccentBeforeAsciiLetter_CountsAsUncommonPair()
    {
        // "Über": 0x9A 0x62 is well-formed GBK, but in the rarely used extension area.
        var scan = Gb18030NameScan.Scan(Cp437.GetBytes("Über.txt"));

        Assert.That(scan, Is.EqualTo(new Gb18030NameScan(true, 0, 1)));
    }

    [Test]
    public void Scan_AccentBeforeDot_IsNotWellFormed()
    {
        var scan = Gb18030NameScan.Scan(Cp437.GetBytes("Café.txt"));

        Assert.That(scan.IsWellFormed, Is.False);
    }

    [Test]
    public void Scan_ChineseNameWithOneRareCharacter_StillLooksLikeChinese()
    {
        // 朱镕基: 镕 is 0xE946 (GBK/4, trail below 0xA1); the two common characters outvote it.
        var scan = Gb18030NameScan.Scan(Gbk.GetBytes("朱镕基讲话.txt"));

        Assert.That(scan, Is.EqualTo(new Gb18030NameScan(true, 4, 1)));
    }

    [Test]
    public void Scan_GbkBytesReadAsCp437_LookLikeBoxDrawing()
    {
        // Why box-drawing in the CP437 reading is evidence for GBK: GB2312 lead bytes 0xB0–0xDF are
        // CP437's box-drawing block.
        var bytes = Gbk.GetBytes("中文");

        Assert.Multiple(() =>
        {
            Assert.That(Cp437.GetString(bytes), Is.EqualTo("╓╨╬─"));
            Assert.That(Gb18030NameScan.Scan(bytes).LooksLikeChinese, Is.True);
        });
    }

    [TestCase(new byte[] { 0x95, 0x32, 0x82, 0x36 }, true, 0, 1)]
    [TestCase(new byte[] { 0x95, 0x32, 0x82 }, false, 0, 0)]
    [TestCase(new byte[] { 0x95, 0x32, 0x20, 0x36 }, false, 0, 0)]
    [TestCase(new byte[] { 0x80 }, false, 0, 0)]
    [TestCase(new byte[] { 0xFF, 0xA1 }, false, 0, 0)]
    [TestCase(new byte[] { 0xB0, 0x7F }, false, 0, 0)]
    [TestCase(new byte[] { 0xB0 }, false, 0, 0)]
    [TestCase(new byte[] { 0x41, 0x42 }, true, 0, 0)]
    public void Scan_EdgeSequence_ReportsStructure(byte[] bytes, bool wellFormed, int common, int uncommon)
    {
        var scan = Gb18030NameScan.Scan(bytes);

        Assert.That(scan, Is.EqualTo(new Gb18030NameScan(wellFormed, common, uncommon)));
    }

    [Test]
    public void LooksLikeChinese_AsciiOnly_IsFalse()
    {
        Assert.That(Gb18030NameScan.Scan("plain.txt"u8).LooksLikeChinese, Is.False);
    }
}
