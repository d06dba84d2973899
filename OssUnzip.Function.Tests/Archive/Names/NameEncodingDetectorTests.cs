using System.Text;
using OssUnzip.Function.Archive.Names;

namespace OssUnzip.Function.Tests.Archive.Names;

/// <summary>
/// The detector over everyday file names of each code page auto mode covers (names typed for this
/// test; bytes from .NET's encoders, which agree with Python's codecs used by the corpus). The figures
/// printed here are the ones in docs/decisions/0003-entry-name-detection.md.
/// </summary>
internal sealed class NameEncodingDetectorTests
{
    static NameEncodingDetectorTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IEnumerable<TestCaseData> CodePages()
    {
        yield return Sample(932, "見積書.xlsx", "写真/夏休み.jpg", "議事録_第3回.docx", "請求書_2024年4月.pdf", "プレゼン資料.pptx", "ソフトウェア仕様書.doc", "表計算.xls", "デスクトップ/メモ.txt", "社員名簿.csv", "資料/テスト.txt", "新しいフォルダ/SJIS_835C_ソ.txt", "能力評価/十月.txt");
        yield return Sample(54936, "中文文件.txt", "报告（最终版）.docx", "朱镕基讲话.txt", "王喆简历.doc", "2023年度财务报表.xlsx", "深淺测试文件.txt", "会议纪要.docx", "新建文件夹/图片.png", "项目计划书.pdf", "数据/统计表.xls", "照片/春节.jpg", "合同范本.doc");
        yield return Sample(950, "電腦資料.txt", "報告書.doc", "會議記錄.docx", "新增資料夾/圖片.png", "財務報表2023.xlsx", "專案計畫.pdf", "員工名單.csv", "照片/中秋節.jpg", "說明文件.txt", "簡報.pptx", "合約範本.doc", "資料庫備份.sql");
        yield return Sample(949, "한국어.txt", "보고서 최종.docx", "사진.jpg", "회의록.docx", "새 폴더/그림.png", "재무제표_2023.xlsx", "프로젝트 계획서.pdf", "직원 명단.csv", "설명서.txt", "발표 자료.pptx", "계약서.doc", "백업.sql");
        yield return Sample(866, "Документы/отчёт.txt", "Привет мир.doc", "Отчет.doc", "Новая папка/рисунок.png", "Бухгалтерия 2023.xls", "План проекта.pdf", "Список сотрудников.csv", "Фото/лето.jpg", "Инструкция.txt", "Презентация.ppt", "Договор.doc", "Резервная копия.sql");
        yield return Sample(1251, "Документы/отчёт.txt", "Привет мир.doc", "Отчет.doc", "Новая папка/рисунок.png", "Бухгалтерия 2023.xls", "План проекта.pdf", "Список сотрудников.csv", "Фото/лето.jpg", "Инструкция.txt", "Презентация.ppt", "Договор.doc", "Резервная копия.sql");
        yield return Sample(437, "Über.txt", "Straße.pdf", "naïve.txt", "Résumé.txt", "façade.txt", "Müller.txt", "Köln.txt", "Ñandú.txt", "Crème brûlée.doc", "Größe.xls", "Señor.txt", "Ärger.txt");
        yield return Sample(850, "São Paulo.txt", "Ação.doc", "Informação Técnica.pdf", "Café.txt", "Relatório Anual.docx", "Orçamento 2023.xlsx", "Apresentação.ppt", "Fotos/Verão.jpg", "Contrato Padrão.doc", "Lições.txt", "ÉCOLE.txt", "Øresund.txt");
    }

    [TestCaseSource(nameof(CodePages))]
    public void Detect_AllNamesOfAnArchiveTogether_ReadsEveryNameRight(int codePage, string[] names)
    {
        var encoding = Encoding.GetEncoding(codePage);
        var raw = names.Select(n => (ReadOnlyMemory<byte>)encoding.GetBytes(n)).ToList();

        var detected = NameEncodingDetector.Detect(raw);

        Assert.That(raw.Select(r => detected.Encoding.GetString(r.Span)), Is.EqualTo(names), detected.Reason);
    }

    [TestCaseSource(nameof(CodePages))]
    public void Detect_OneNameAlone_ReadsAsManyAsMeasured(int codePage, string[] names)
    {
        // One short name gives the detector little text: the decision record states these figures as
        // the limit of auto mode, and the floor here keeps them from getting worse unnoticed.
        var encoding = Encoding.GetEncoding(codePage);
        var right = names.Count(n => NameEncodingDetector.Detect([encoding.GetBytes(n)]).Encoding.GetString(encoding.GetBytes(n)) == n);
        TestContext.Out.WriteLine($"code page {codePage}: {right} of {names.Length} single names read right");

        Assert.That(right, Is.GreaterThanOrEqualTo(SingleNameFloor(codePage)));
    }

    [Test]
    public void Detect_EveryNameValidUtf8_ChoosesUtf8()
    {
        var detected = NameEncodingDetector.Detect(["Crème.txt"u8.ToArray(), "中文.txt"u8.ToArray()]);

        Assert.That(detected.Encoding.CodePage, Is.EqualTo(65001));
    }

    [Test]
    public void Detect_RandomHighBytes_AlwaysAnswersWithAnEncodingThatDecodesEveryName()
    {
        var random = new Random(18);
        for (var i = 0; i < 300; i++)
        {
            var names = Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
            {
                var bytes = new byte[random.Next(1, 20)];
                random.NextBytes(bytes);
                return (ReadOnlyMemory<byte>)bytes;
            }).ToList();

            var detected = NameEncodingDetector.Detect(names);

            Assert.That(() => names.ForEach(n => detected.Encoding.GetString(n.Span)), Throws.Nothing);
        }
    }

    /// <summary>Measured at the commit that added this test (see the decision record).</summary>
    private static int SingleNameFloor(int codePage) => codePage switch
    {
        932 => 3,
        54936 => 12,
        950 => 1,
        949 => 3,
        866 => 11,
        1251 => 12,
        437 => 12,
        850 => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(codePage), codePage, "no measurement"),
    };

    private static TestCaseData Sample(int codePage, params string[] names) =>
        new TestCaseData(codePage, names).SetArgDisplayNames(codePage.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
