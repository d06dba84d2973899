using OssUnzip.Function.Archive.Planning;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// Issue 18 §2/§3 and issue 20 §3: names in legacy code pages (one guess per archive), macOS Archive
/// Utility output, and names that cannot be keys as given. The three shared cases are the files from
/// /work/shared/cases (copied under Cases/ with their README's expectations); the rest are new members
/// of the same kinds written with CPython's zipfile and Python's own codecs.
/// </summary>
internal static partial class ArchiveCorpus
{
    /// <summary>Everyday file names per code page, as Windows and DOS archivers of each locale store them.</summary>
    private static readonly (string Id, string PythonCodec, string WebName, string[] Names)[] s_legacyCodePages =
    [
        ("python-cp932-names", "cp932", "shift_jis", ["見積書.xlsx", "写真/夏休み.jpg", "議事録_第3回.docx", "請求書_2024年4月.pdf", "プレゼン資料.pptx", "ソフトウェア仕様書.doc", "表計算.xls", "デスクトップ/メモ.txt", "社員名簿.csv", "能力評価/十月.txt"]),
        ("python-gbk-names", "gbk", "gb18030", ["会议纪要.docx", "新建文件夹/图片.png", "项目计划书.pdf", "数据/统计表.xls", "照片/春节.jpg", "合同范本.doc", "中文文件.txt", "报告（最终版）.docx"]),
        ("python-big5-names", "big5", "big5", ["電腦資料.txt", "報告書.doc", "會議記錄.docx", "新增資料夾/圖片.png", "財務報表2023.xlsx", "專案計畫.pdf", "員工名單.csv", "照片/中秋節.jpg", "說明文件.txt", "簡報.pptx"]),
        ("python-cp949-names", "cp949", "ks_c_5601-1987", ["한국어.txt", "보고서 최종.docx", "사진.jpg", "회의록.docx", "새 폴더/그림.png", "재무제표_2023.xlsx", "프로젝트 계획서.pdf", "직원 명단.csv", "설명서.txt", "발표 자료.pptx"]),
        ("python-cp866-names", "cp866", "cp866", ["Документы/отчёт.txt", "Привет мир.doc", "Новая папка/рисунок.png", "Бухгалтерия 2023.xls", "План проекта.pdf", "Список сотрудников.csv", "Фото/лето.jpg", "Инструкция.txt"]),
        ("python-windows-1251-names", "cp1251", "windows-1251", ["Документы/отчёт.txt", "Привет мир.doc", "Новая папка/рисунок.png", "Бухгалтерия 2023.xls", "План проекта.pdf", "Список сотрудников.csv", "Фото/лето.jpg", "Инструкция.txt"]),
        ("python-cp850-names", "cp850", "ibm850", ["São Paulo.txt", "Ação.doc", "Informação Técnica.pdf", "Relatório Anual.docx", "Orçamento 2023.xlsx", "Apresentação.ppt", "Fotos/Verão.jpg", "Lições.txt"]),
        ("python-cp437-names", "cp437", "ibm437", ["Über.txt", "Straße.pdf", "naïve.txt", "Résumé.txt", "Crème brûlée.doc", "Größe.xls", "Señor.txt", "Ärger.txt"]),
    ];

    private static IEnumerable<CorpusCase> LegacyNameCases()
    {
        yield return new CorpusCase(
            "shift-jis-names",
            "hand-made by CPython zipfile with raw CP932 names (shared/cases/shift-jis-names, copied to Cases/)",
            "Shift-JIS names without the UTF-8 flag; ソ's trail byte is 0x5C and must not split the name",
            (w, path, ct) => CopyCaseAsync("shift-jis-names", path, ct),
            () => Expands(
                ("資料/テスト.txt", Text("本文 資料/テスト.txt\n")),
                ("資料/報告書 2024.txt", Text("本文 資料/報告書 2024.txt\n")),
                ("新しいフォルダ/SJIS_835C_ソ.txt", Text("本文 新しいフォルダ/SJIS_835C_ソ.txt\n"))) with
            {
                NameEncodings = [("shift_jis", true, 4)],
            },
            listing => That(listing.Entries.All(e => !e.HasUtf8Flag) && listing.Entries.Any(e => e.RawName.Contains((byte)0x5C)), "raw CP932 names, one holding byte 0x5C"));

        yield return new CorpusCase(
            "macos-archive-utility",
            "hand-made to match the macOS Archive Utility (shared/cases/macos-archive-utility, copied to Cases/)",
            "NFD names without the flag, a top folder named like the archive, and a __MACOSX/ tree of AppleDouble files",
            (w, path, ct) => CopyCaseAsync("macos-archive-utility", path, ct),
            () => Expands(
                ("café.txt", Text("un café, por favor\n")),
                ("Ano Novo/São Paulo.jpg", [0xFF, 0xD8, 0xFF, 0xE0, .. Text("fake jpeg"), 0xFF, 0xD9])) with
            {
                Skips = [new ExpectedSkip("__MACOSX/Fotos/._café.txt", ExpectedSkipReason.MacMetadata), new ExpectedSkip("__MACOSX/Fotos/Ano Novo/._São Paulo.jpg", ExpectedSkipReason.MacMetadata)],
            },
            listing => That(listing.Entries.All(e => !e.HasUtf8Flag) && listing.Entries.Any(e => e.HasDataDescriptor), "unflagged names, data descriptors"),
            objectKey: "zip/c07/Fotos.zip");

        yield return new CorpusCase(
            "dotdot-name",
            "hand-made, one stored entry named '..' (shared/cases/dotdot-name, copied to Cases/)",
            "An entry named '..' is kept as '__' (Info-ZIP's name) and listed as renamed",
            (w, path, ct) => CopyCaseAsync("dotdot-name", path, ct),
            () => Expands(("__", Text("data\n"))) with
            {
                Renames = new Dictionary<string, string> { [".."] = "__" },
                RenameCodes = new Dictionary<string, string> { [".."] = EntryNoteCodes.DotName },
            },
            listing => That(listing.Entries.Count == 1, "one entry"));

        foreach (var (id, codec, webName, names) in s_legacyCodePages)
        {
            yield return new CorpusCase(
                id,
                $"CPython zipfile with raw {codec} name bytes (Python's codec, not .NET's)",
                $"Names in {codec} without the UTF-8 flag: one guess for the archive reads them all",
                (w, path, ct) => w.WritePythonZipAsync(path, names.Select(n => new PythonEntry(n, Text("本文 " + n)) { Encoding = codec }), ct),
                () => Expands(names.Select(n => (n, Text("本文 " + n))).ToArray()) with
                {
                    NameEncodings = [(webName, true, names.Length)],
                },
                listing => That(listing.Entries.All(e => !e.HasUtf8Flag && !IsAscii(e.RawName)), $"{codec} bytes without bit 11"));
        }

        string[] nfdNames = ["Crème brûlée.txt", "Ñandú/Año.txt", "한국어.txt", "São Paulo.txt"];
        yield return new CorpusCase(
            "python-nfd-names",
            "CPython zipfile with NFD UTF-8 names and no flag (what macOS tools store)",
            "Decomposed names become composed (NFC) keys",
            (w, path, ct) => w.WritePythonZipAsync(path, nfdNames.Select(n => new PythonEntry(n, Text(n)) { RawName = System.Text.Encoding.UTF8.GetBytes(n.Normalize(System.Text.NormalizationForm.FormD)) }), ct),
            () => Expands(nfdNames.Select(n => (n, Text(n))).ToArray()),
            listing => That(listing.Entries.All(e => !e.HasUtf8Flag && !System.Text.Encoding.UTF8.GetString(e.RawName).IsNormalized()), "NFD bytes without bit 11"));

        yield return new CorpusCase(
            "python-macos-metadata",
            "CPython zipfile laid out like Finder's Compress (plus a lone ._ file)",
            "__MACOSX/ and .DS_Store skipped, an AppleDouble file beside its file skipped, a ._ file without a companion kept; flattening decided after skipping",
            (w, path, ct) => w.WritePythonZipAsync(
                path,
                [
                    new PythonEntry("python-macos-metadata/", []) { Deflate = false, ExternalAttributes = 0x41ED_0010 },
                    new PythonEntry("python-macos-metadata/a.txt", Text("a\n")),
                    new PythonEntry("python-macos-metadata/._a.txt", Text("appledouble")),
                    new PythonEntry("python-macos-metadata/._lonely.txt", Text("kept\n")),
                    new PythonEntry("python-macos-metadata/.DS_Store", Text("finder")),
                    new PythonEntry("__MACOSX/", []) { Deflate = false, ExternalAttributes = 0x41ED_0010 },
                    new PythonEntry("__MACOSX/python-macos-metadata/._a.txt", Text("appledouble")),
                ],
                ct),
            () => Expands(("a.txt", Text("a\n")), ("._lonely.txt", Text("kept\n"))) with
            {
                Skips =
                [
                    new ExpectedSkip("python-macos-metadata/._a.txt", ExpectedSkipReason.MacMetadata),
                    new ExpectedSkip("python-macos-metadata/.DS_Store", ExpectedSkipReason.MacMetadata),
                    new ExpectedSkip("__MACOSX/python-macos-metadata/._a.txt", ExpectedSkipReason.MacMetadata),
                ],
            },
            listing => That(listing.Entries.Count == 7, "seven entries"));

        (string Name, string Path, string Code)[] replaced =
        [
            (".", "_", EntryNoteCodes.DotName),
            ("..", "__~2", EntryNoteCodes.DotName),
            ("../..", "__~3", EntryNoteCodes.DotName),
            ("tab\there.txt", "tab_here.txt", EntryNoteCodes.ControlCharacter),
            ("\t", "_~2", EntryNoteCodes.ControlCharacter),
            ("bell\u0007/x.txt", "bell_/x.txt", EntryNoteCodes.ControlCharacter),
            (".ossunzip/manifest.json", "_ossunzip/manifest.json", EntryNoteCodes.ReservedName),
            ("b/.ossunzip/manifest.json", "b/_ossunzip/manifest.json", EntryNoteCodes.ReservedName),
            ("a/b/.OSSUNZIP/c/d.txt", "a/b/_OSSUNZIP/c/d.txt", EntryNoteCodes.ReservedName),
            ("a/b/c/d/.OssUnzip", "a/b/c/d/_OssUnzip", EntryNoteCodes.ReservedName),
            (".ossunzip-manifest.json", "_ossunzip-manifest.json", EntryNoteCodes.ReservedName),
        ];
        string[] kept = ["...", ". .", ".. ", "__", "a/.../b.txt"];
        yield return new CorpusCase(
            "python-dot-control-reserved-names",
            "CPython zipfile with raw name bytes",
            "Names of only dots, dots and spaces, control characters and reserved segments at several depths: all kept, the unusable ones under replacement names that never displace a real name",
            (w, path, ct) => w.WritePythonZipAsync(
                path,
                [.. replaced.Select(r => new PythonEntry(r.Name, Text("content of " + r.Name))), .. kept.Select(k => new PythonEntry(k, Text("content of " + k)))],
                ct),
            () => Expands([.. replaced.Select(r => (r.Path, Text("content of " + r.Name))), .. kept.Select(k => (k, Text("content of " + k)))]) with
            {
                Renames = replaced.ToDictionary(r => r.Name, r => r.Path),
                RenameCodes = replaced.ToDictionary(r => r.Name, r => r.Code),
            },
            listing => That(listing.Entries.All(e => !e.HasUtf8Flag), "raw names without bit 11"));
    }

    /// <summary>Copies a shared case's input (kept in the repository under Archive/Corpus/Cases/&lt;case&gt;/).</summary>
    private static async Task CopyCaseAsync(string caseFolder, string path, CancellationToken cancellationToken)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Archive", "Corpus", "Cases", caseFolder, "input.zip");
        await File.WriteAllBytesAsync(path, await File.ReadAllBytesAsync(source, cancellationToken), cancellationToken);
    }
}
