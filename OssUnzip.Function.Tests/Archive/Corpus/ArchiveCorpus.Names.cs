using OssUnzip.Function.Archive.Names;

namespace OssUnzip.Function.Tests.Archive.Corpus;

internal static partial class ArchiveCorpus
{
    private static readonly string[] s_chineseNames =
    [
        "中文文件.txt",
        "报告（最终版）.docx",
        "朱镕基讲话.txt",
        "王喆简历.doc",
        "2023年度财务报表.xlsx",
        "深淺测试文件.txt",
    ];

    private static readonly string[] s_latinNames =
    [
        "Über.txt",
        "Straße.pdf",
        "naïve.txt",
        "Résumé.txt",
        "façade.txt",
        "Müller.txt",
        "Köln.txt",
        "Ñandú.txt",
    ];

    private static IEnumerable<CorpusCase> NameCases()
    {
        var utf8Tree = new Dictionary<string, byte[]>
        {
            ["中文文件.txt"] = Text("中文\n"),
            ["Über.txt"] = Text("umlaut\n"),
            ["资料/报告.txt"] = Text("report\n"),
        };

        yield return new CorpusCase(
            "infozip-utf8-names-without-flag",
            "Info-ZIP zip 3.0 in a UTF-8 locale (relied on: UTF-8 names without bit 11, no 0x7075 field)",
            "UTF-8 names without the language encoding flag, as Linux and macOS tools write them",
            async (w, path, ct) => await ZipTreeAsync(w, w.CreateTree("utf8", utf8Tree), path, ct),
            () => Expands(utf8Tree),
            listing =>
            {
                That(listing.Entries.All(e => !e.HasUtf8Flag), "no entry has bit 11");
                That(listing.Entries.Any(e => !IsAscii(e.RawName)) && listing.Entries.All(e => IsValidUtf8(e.RawName)), "names are UTF-8 bytes");
                That(listing.Entries.All(e => !e.HasExtraField(UnicodePathExtraField.HeaderId)), "no Unicode Path field");
            });

        yield return new CorpusCase(
            "infozip-gbk-names",
            "Info-ZIP zip 3.0 over files named in GBK bytes (relied on: stores file-system name bytes as they are)",
            "GBK names without bit 11, what Chinese Windows tools write",
            async (w, path, ct) => await ZipTreeAsync(w, await w.CreateRawNamedTreeAsync("gbk", GbkFiles(), ct), path, ct),
            () => Expands(s_chineseNames.Select(n => (n, Text(n))).ToArray()),
            listing =>
            {
                That(listing.Entries.Count == s_chineseNames.Length, "one entry per file");
                That(listing.Entries.All(e => !e.HasUtf8Flag && !IsValidUtf8(e.RawName)), "GBK bytes without bit 11");
            });

        yield return new CorpusCase(
            "infozip-cp437-names",
            "Info-ZIP zip 3.0 over files named in CP437 bytes (relied on: stores file-system name bytes as they are)",
            "Accented Latin names in code page 437 without bit 11, what DOS-era and Western Windows tools write",
            async (w, path, ct) => await ZipTreeAsync(w, await w.CreateRawNamedTreeAsync("cp437", Cp437Files(), ct), path, ct),
            () => Expands(s_latinNames.Select(n => (n, Text(n))).ToArray()),
            listing =>
            {
                That(listing.Entries.Count == s_latinNames.Length, "one entry per file");
                That(listing.Entries.All(e => !e.HasUtf8Flag && !IsValidUtf8(e.RawName)), "CP437 bytes without bit 11");
            });

        yield return new CorpusCase(
            "7z-gbk-names",
            "7-Zip (p7zip-full) over files named in GBK bytes (relied on: stores non-UTF-8 name bytes without bit 11)",
            "GBK names without bit 11 from a second writer",
            async (w, path, ct) =>
            {
                var tree = await w.CreateRawNamedTreeAsync("gbk7z", GbkFiles(), ct);
                await w.RunAsync("7z", tree, ["a", "-tzip", "-bd", path, "*"], cancellationToken: ct);
            },
            () => Expands(s_chineseNames.Select(n => (n, Text(n))).ToArray()),
            listing => That(listing.Entries.All(e => !e.HasUtf8Flag && !IsValidUtf8(e.RawName)), "GBK bytes without bit 11"));

        yield return new CorpusCase(
            "bsdtar-flag-over-gbk-bytes",
            "bsdtar (libarchive-tools) over files named in GBK bytes (relied on: libarchive sets bit 11 even when the bytes are not UTF-8)",
            "A wrong UTF-8 flag must not win over bytes that are not UTF-8; paths start with ./ (dropped without a rename note, decision 0046)",
            async (w, path, ct) =>
            {
                var tree = await w.CreateRawNamedTreeAsync("gbkbsd", GbkFiles(), ct);
                await w.RunAsync("bsdtar", tree, ["--format", "zip", "-cf", path, "."], cancellationToken: ct);
            },
            () => Expands(s_chineseNames.Select(n => (n, Text(n))).ToArray()),
            listing => That(
                listing.Entries.Where(e => !IsAscii(e.RawName)).All(e => e.HasUtf8Flag && !IsValidUtf8(e.RawName)),
                "bit 11 over GBK bytes"));

        var unicodeTree = new Dictionary<string, byte[]>
        {
            ["中文文件.txt"] = Text("zh\n"),
            ["日本語.txt"] = Text("ja\n"),
            ["Ünïcödé.txt"] = Text("latin\n"),
            ["plain.txt"] = Text("ascii\n"),
        };

        yield return new CorpusCase(
            "7z-utf8-names",
            "7-Zip (p7zip-full) (relied on: UTF-8 names with bit 11)",
            "UTF-8 flagged names",
            async (w, path, ct) => await w.RunAsync("7z", w.CreateTree("u7z", unicodeTree), ["a", "-tzip", "-bd", path, "*"], cancellationToken: ct),
            () => Expands(unicodeTree),
            listing => That(listing.Entries.Where(e => !IsAscii(e.RawName)).All(e => e.HasUtf8Flag), "bit 11 on non-ASCII names"));

        var jarTree = new Dictionary<string, byte[]>
        {
            ["资料/报告.txt"] = Compressible("jar report"),
            ["readme.txt"] = Compressible("jar readme"),
        };

        yield return new CorpusCase(
            "jar-utf8-data-descriptors",
            "the JDK's jar --no-manifest (relied on: bit 11 on every entry, data descriptors on deflated entries)",
            "Java's writer: UTF-8 names, streamed entries with data descriptors",
            async (w, path, ct) => await w.RunAsync("jar", w.CreateTree("jar", jarTree), ["--no-manifest", "--create", "--file", path, "-C", ".", "."], cancellationToken: ct),
            () => Expands(jarTree),
            listing =>
            {
                That(listing.Entries.All(e => e.HasUtf8Flag), "bit 11 on every entry");
                That(listing.Entries.Where(e => e.CompressionMethod == 8).All(e => e.HasDataDescriptor), "data descriptors");
                That(listing.Entries.Any(e => e.CompressionMethod == 8), "deflated entries");
            });

        yield return new CorpusCase(
            "python-unicode-path-extra",
            "CPython zipfile with raw name bytes and an Info-ZIP Unicode Path field (0x7075)",
            "Legacy raw names with a 0x7075 field: matching CRC wins, stale CRC is ignored",
            (w, path, ct) => w.WritePythonZipAsync(
                path,
                [
                    new PythonEntry("中文.txt", Text("gbk+field\n")) { Encoding = "gbk", UnicodePath = "中文.txt" },
                    new PythonEntry("???.txt", Text("question marks+field\n")) { UnicodePath = "日本語.txt" },
                    new PythonEntry("Über.txt", Text("stale field\n")) { Encoding = "cp437", UnicodePath = "Wrong.txt", UnicodePathCrc = 0xDEADBEEF },
                ],
                ct),
            () => Expands(("中文.txt", Text("gbk+field\n")), ("日本語.txt", Text("question marks+field\n")), ("Über.txt", Text("stale field\n"))),
            listing =>
            {
                That(listing.Entries.All(e => e.HasExtraField(UnicodePathExtraField.HeaderId)), "0x7075 on every entry");
                That(listing.Entries.All(e => !e.HasUtf8Flag), "no bit 11");
            });

        var cjkEntries = new Dictionary<string, byte[]>
        {
            ["资料/子目录/文件.txt"] = Text("nested zh\n"),
            ["日本語/ファイル.txt"] = Text("ja\n"),
            ["한국어.txt"] = Text("ko\n"),
            ["😀.txt"] = Text("emoji\n"),
        };

        yield return new CorpusCase(
            "csharp-utf8-names",
            "System.IO.Compression ZipArchive (relied on: bit 11 on non-ASCII names)",
            "CJK, Hangul and astral-plane names, nested folders",
            (w, path, ct) => WriteWithZipArchiveAsync(path, cjkEntries.Select(e => (e.Key, e.Value, (int?)null)), ct),
            () => Expands(cjkEntries),
            listing => That(listing.Entries.All(e => e.HasUtf8Flag), "bit 11"));
    }

    private static IEnumerable<PythonEntry> GbkFiles() =>
        s_chineseNames.Select(n => new PythonEntry(n, Text(n)) { Encoding = "gbk" });

    private static IEnumerable<PythonEntry> Cp437Files() =>
        s_latinNames.Select(n => new PythonEntry(n, Text(n)) { Encoding = "cp437" });
}
