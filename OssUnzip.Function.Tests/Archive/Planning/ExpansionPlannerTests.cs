using System.IO.Compression;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Archive.Planning;

public sealed class ExpansionPlannerTests
{
    static ExpansionPlannerTests() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    private const string Folder = "unzip/x/";

    private static ExpansionPlanner CreateSut(ArchiveOptions? options = null) => new(Options.Create(options ?? new ArchiveOptions()));

    private static Task<ZipLayout> LayoutOfAsync(ZipBuilder builder) =>
        ZipDirectoryReader.ReadAsync(new MemoryStream(builder.Build(), writable: false), 1000, 1 << 20, CancellationToken.None);

    private static string[] Keys(params string[] keys) => keys;

    private static ZipLayout LayoutOf(params ZipCentralEntry[] entries)
    {
        var end = entries.Max(e => e.MinimumEnd);
        return new ZipLayout(entries, end, 0, end + 22);
    }

    [Test]
    public async Task Plan_FilesAndDirectories_WritesFilesAndCountsDirectories()
    {
        var layout = await LayoutOfAsync(new ZipBuilder()
            .File("a.txt", TestData.Text(300, seed: 1))
            .Directory("docs")
            .Directory("docs/empty")
            .File("docs/b.json", TestData.Text(200, seed: 2), CompressionLevel.NoCompression)
            .File("docs/empty.bin", []));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => w.Key), Is.EqualTo(Keys("unzip/x/a.txt", "unzip/x/docs/b.json", "unzip/x/docs/empty.bin")));
            Assert.That(plan.Writes.Select(w => w.Name), Is.EqualTo(Keys("a.txt", "docs/b.json", "docs/empty.bin")));
            Assert.That(plan.Directories, Is.EqualTo(2));
            Assert.That(plan.Skipped, Is.Empty);
            Assert.That(plan.Renamed, Is.Empty);
            Assert.That(plan.TotalBytes, Is.EqualTo(500));
        }
    }

    [Test]
    public void Plan_CancelledToken_ThrowsOperationCanceled()
    {
        var layout = LayoutOf(CentralEntries.Create(0, "a.txt", 0, 0, 0, method: 0));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => CreateSut().Plan(layout, Folder, PlanRules.Default, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Plan_BackslashDirectoryEntry_IsCountedNotWritten()
    {
        var layout = LayoutOf(CentralEntries.Create(0, "folder\\", 0, 0, 0, method: 0));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes, Is.Empty);
            Assert.That(plan.Directories, Is.EqualTo(1));
        }
    }

    [TestCase("notes.txt", "text/plain")]
    [TestCase("NOTES.TXT", "text/plain")]
    [TestCase("data.json", "application/json")]
    [TestCase("page.html", "text/html")]
    [TestCase("photo.png", "image/png")]
    [TestCase("photo.jpg", "image/jpeg")]
    [TestCase("sheet.unknownext", "application/octet-stream")]
    [TestCase("Makefile", "application/octet-stream")]
    public void Plan_Extension_SetsContentType(string name, string contentType)
    {
        var layout = CentralEntries.Sequential((name, 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Writes.Single().ContentType, Is.EqualTo(contentType));
    }

    [Test]
    public async Task Plan_DuplicateNames_LaterWinsAndEarlierIsListedAsSkipped()
    {
        var layout = await LayoutOfAsync(new ZipBuilder()
            .File("same.txt", TestData.Text(100, seed: 3))
            .File("other.txt", TestData.Text(100, seed: 4))
            .File("same.txt", TestData.Text(120, seed: 5)));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => w.Key), Is.EqualTo(Keys("unzip/x/other.txt", "unzip/x/same.txt")));
            Assert.That(plan.Writes.Single(w => w.Key == "unzip/x/same.txt").Entry.Index, Is.EqualTo(2));
            Assert.That(plan.Skipped, Has.Count.EqualTo(1));
            Assert.That(plan.Skipped[0].Entry, Is.EqualTo("same.txt"));
            Assert.That(plan.Skipped[0].Key, Is.EqualTo("unzip/x/same.txt"));
            Assert.That(plan.Skipped[0].Reason, Does.Contain("later entry"));
        }
    }

    [Test]
    public void Plan_NamesThatNormalizeToTheSameKey_LaterWins()
    {
        var layout = CentralEntries.Sequential(("a/b.txt", 10, 10), ("a\\b.txt", 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().Entry.Index, Is.EqualTo(1));
            Assert.That(plan.Skipped.Single().Entry, Is.EqualTo("a/b.txt"));
            Assert.That(plan.Renamed.Single().Entry, Is.EqualTo("a\\b.txt"));
        }
    }

    [TestCase("../../etc/passwd", "unzip/x/etc/passwd")]
    [TestCase("/absolute/file.txt", "unzip/x/absolute/file.txt")]
    [TestCase("C:\\Windows\\win.ini", "unzip/x/Windows/win.ini")]
    [TestCase("a/./b//c.txt", "unzip/x/a/b/c.txt")]
    public void Plan_PathEscapingTheFolder_IsNormalizedInsideItAndListedAsRenamed(string name, string key)
    {
        var layout = CentralEntries.Sequential((name, 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().Key, Is.EqualTo(key));
            Assert.That(plan.Renamed.Single().Entry, Is.EqualTo(name));
            Assert.That(plan.Renamed.Single().Key, Is.EqualTo(key));
        }
    }

    [Test]
    public async Task Plan_CurrentFolderPrefixAsBsdtarWritesIt_WrittenWithoutRenameNotes()
    {
        // bsdtar --format zip -C dir -cf x.zip . names its entries so (decision 0046).
        var layout = await LayoutOfAsync(new ZipBuilder()
            .Directory("./")
            .File("./a.txt", TestData.Text(30, seed: 1))
            .Directory("./sub/")
            .File("./sub/b.txt", TestData.Text(20, seed: 2))
            .File("./sub/./c.txt", TestData.Text(10, seed: 3)));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => (w.Name, w.Key)), Is.EqualTo(new[] { ("./a.txt", "unzip/x/a.txt"), ("./sub/b.txt", "unzip/x/sub/b.txt"), ("./sub/./c.txt", "unzip/x/sub/c.txt") }));
            Assert.That(plan.Renamed, Is.Empty);
            Assert.That(plan.Skipped, Is.Empty);
        }
    }

    [TestCase("./../a.txt", "unzip/x/a.txt", EntryNoteCodes.Normalized)]
    [TestCase(".\\a.txt", "unzip/x/a.txt", EntryNoteCodes.Normalized)]
    [TestCase("/./a.txt", "unzip/x/a.txt", EntryNoteCodes.Normalized)]
    [TestCase("./.ossunzip/a.txt", "unzip/x/_ossunzip/a.txt", EntryNoteCodes.ReservedName)]
    [TestCase("./.ossunzip-manifest.json", "unzip/x/_ossunzip-manifest.json", EntryNoteCodes.ReservedName)]
    public void Plan_CurrentFolderPrefixBesideARealRename_ListedWithItsCode(string name, string key, string code)
    {
        var layout = CentralEntries.Sequential((name, 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Renamed.Select(r => (r.Entry, r.Key, r.Code)), Is.EqualTo(new[] { (name, key, code) }));
    }

    [Test]
    public async Task Plan_CurrentFolderPrefixOnOneOfTwoEntriesWithTheSameKey_LaterWinsAndTheEarlierIsListed()
    {
        var layout = await LayoutOfAsync(new ZipBuilder()
            .File("a.txt", TestData.Text(30, seed: 1))
            .File("./a.txt", TestData.Text(20, seed: 2)));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().Name, Is.EqualTo("./a.txt"));
            Assert.That(plan.Skipped.Select(s => (s.Entry, s.Code)), Is.EqualTo(new[] { ("a.txt", EntryNoteCodes.ReplacedByLaterEntry) }));
        }
    }

    [TestCase("..", "unzip/x/__")]
    [TestCase(".", "unzip/x/_")]
    [TestCase("./..", "unzip/x/__")]
    [TestCase("a/b/..", "unzip/x/a/b")]
    public void Plan_DotOnlyName_IsKeptUnderReplacementNameAndListed(string name, string key)
    {
        var layout = CentralEntries.Sequential((name, 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().Key, Is.EqualTo(key));
            Assert.That(plan.Skipped, Is.Empty);
            Assert.That(plan.Renamed.Single().Entry, Is.EqualTo(name));
            Assert.That(plan.Renamed.Single().Key, Is.EqualTo(key));
        }
    }

    [Test]
    public void Plan_DotDotName_dotdot_name_CaseIsWrittenAsDoubleUnderscoreWithCode()
    {
        // shared/cases/dotdot-name: one stored entry named ".." (Info-ZIP extracts it as "__").
        var layout = CentralEntries.Sequential(("..", 5, 5));

        var plan = CreateSut().Plan(layout, "unzip/dotdot-name/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().Key, Is.EqualTo("unzip/dotdot-name/__"));
            Assert.That(plan.Renamed.Single().Code, Is.EqualTo(EntryNoteCodes.DotName));
        }
    }

    [TestCase("tab\there.txt", "unzip/x/tab_here.txt")]
    [TestCase("\t", "unzip/x/_")]
    [TestCase("dir\u001b/x\u0000.txt", "unzip/x/dir_/x_.txt")]
    public void Plan_ControlCharacters_AreReplacedAndListedWithCode(string name, string key)
    {
        var layout = CentralEntries.Sequential((name, 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().Key, Is.EqualTo(key));
            Assert.That(plan.Renamed.Single().Code, Is.EqualTo(EntryNoteCodes.ControlCharacter));
        }
    }

    [TestCase(".ossunzip/manifest.json", "unzip/x/_ossunzip/manifest.json")]
    [TestCase("b/.ossunzip/manifest.json", "unzip/x/b/_ossunzip/manifest.json")]
    [TestCase("a/b/.OSSUNZIP/job.json", "unzip/x/a/b/_OSSUNZIP/job.json")]
    [TestCase("a/b/c/d/.OssUnzip", "unzip/x/a/b/c/d/_OssUnzip")]
    [TestCase(".ossunzip-manifest.json", "unzip/x/_ossunzip-manifest.json")]
    public void Plan_ReservedSegmentAtAnyDepth_IsRenamedWithReservedNameCode(string name, string key)
    {
        var layout = CentralEntries.Sequential((name, 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().Key, Is.EqualTo(key));
            Assert.That(plan.Writes.Select(w => w.RelativePath.Split('/')), Has.None.Contains(".ossunzip"));
            Assert.That(plan.Renamed.Single().Code, Is.EqualTo(EntryNoteCodes.ReservedName));
            Assert.That(plan.Skipped, Is.Empty);
        }
    }

    [Test]
    public void Plan_ReservedSegmentInsideFlattenedFolder_IsRenamedAfterFlattening()
    {
        var layout = CentralEntries.Sequential(("x/.ossunzip/manifest.json", 10, 10), ("x/a.txt", 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Writes.Select(w => w.Key), Is.EquivalentTo(Keys("unzip/x/_ossunzip/manifest.json", "unzip/x/a.txt")));
    }

    [Test]
    public void Plan_ReplacementNameTakenByARealEntry_GetsAUniqueSuffixAndTheRealEntryKeepsItsName()
    {
        // The real "__" comes after the ".." it would collide with: it still keeps its own name.
        var layout = CentralEntries.Sequential(("..", 10, 10), ("__", 10, 10), (".", 10, 10), ("_", 10, 10), ("../..", 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => (w.Entry.Index, w.Key)), Is.EquivalentTo(new[]
            {
                (0, "unzip/x/__~2"),
                (1, "unzip/x/__"),
                (2, "unzip/x/_~2"),
                (3, "unzip/x/_"),
                (4, "unzip/x/__~3"),
            }));
            Assert.That(plan.Skipped, Is.Empty);
            Assert.That(plan.Renamed.Select(r => r.Key), Is.EquivalentTo(Keys("unzip/x/__~2", "unzip/x/_~2", "unzip/x/__~3")));
        }
    }

    [Test]
    public void Plan_ReplacementWithExtensionTaken_SuffixGoesBeforeTheExtension()
    {
        var layout = CentralEntries.Sequential(("a\tb.txt", 10, 10), ("a_b.txt", 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Writes.Select(w => w.Key), Is.EquivalentTo(Keys("unzip/x/a_b~2.txt", "unzip/x/a_b.txt")));
    }

    [Test]
    public void Plan_MacOSArchiveUtilityLayout_macos_archive_utility_SkipsMetadataFlattensAndComposesNames()
    {
        // The layout of shared/cases/macos-archive-utility: NFD names without the UTF-8 flag, a top
        // folder named like the archive, and a __MACOSX/ tree of AppleDouble files.
        var layout = CentralEntries.SequentialRaw(
            Nfd("Fotos/"),
            Nfd("Fotos/café.txt"),
            Nfd("__MACOSX/"),
            Nfd("__MACOSX/Fotos/"),
            Nfd("__MACOSX/Fotos/._café.txt"),
            Nfd("Fotos/Ano Novo/"),
            Nfd("Fotos/Ano Novo/São Paulo.jpg"),
            Nfd("__MACOSX/Fotos/Ano Novo/"),
            Nfd("__MACOSX/Fotos/Ano Novo/._São Paulo.jpg"));

        var plan = CreateSut().Plan(layout, "unzip/c07/Fotos/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => w.Key), Is.EquivalentTo(Keys("unzip/c07/Fotos/café.txt", "unzip/c07/Fotos/Ano Novo/São Paulo.jpg")));
            Assert.That(plan.Writes.Select(w => w.Key), Has.All.Matches<string>(k => k.IsNormalized(System.Text.NormalizationForm.FormC)));
            Assert.That(plan.Skipped.Select(s => (s.Entry, s.Code)), Is.EquivalentTo(new[]
            {
                ("__MACOSX/Fotos/._café.txt", EntryNoteCodes.MacMetadata),
                ("__MACOSX/Fotos/Ano Novo/._São Paulo.jpg", EntryNoteCodes.MacMetadata),
            }));
            Assert.That(plan.Renamed, Is.Empty, "composing a name (NFC) is not a rename");
            Assert.That(plan.Directories, Is.EqualTo(2), "the __MACOSX folders are metadata, not counted");
        }
    }

    [Test]
    public void Plan_AppleDoubleBesideItsFileAndDsStore_AreSkippedAndALoneDotUnderscoreFileIsKept()
    {
        var layout = CentralEntries.Sequential(
            ("docs/report.pdf", 10, 10),
            ("docs/._report.pdf", 10, 10),
            ("docs/._notes.txt", 10, 10),
            ("docs/.DS_Store", 10, 10),
            (".DS_Store", 10, 10),
            ("photos/._album", 10, 10),
            ("photos/album/a.jpg", 10, 10),
            ("._", 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => w.Key), Is.EquivalentTo(Keys("unzip/x/docs/report.pdf", "unzip/x/docs/._notes.txt", "unzip/x/photos/album/a.jpg", "unzip/x/._")));
            Assert.That(plan.Skipped.Select(s => s.Entry), Is.EquivalentTo(Keys("docs/._report.pdf", "docs/.DS_Store", ".DS_Store", "photos/._album")));
            Assert.That(plan.Skipped.Select(s => s.Code), Has.All.EqualTo(EntryNoteCodes.MacMetadata));
        }
    }

    [Test]
    public void Plan_SkipMacMetadataOff_WritesMetadataAndDoesNotFlatten()
    {
        var layout = CentralEntries.Sequential(("x/a.txt", 10, 10), ("__MACOSX/x/._a.txt", 10, 10), ("x/.DS_Store", 10, 10));

        var plan = CreateSut(new ArchiveOptions { SkipMacMetadata = false }).Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => w.Key), Is.EquivalentTo(Keys("unzip/x/x/a.txt", "unzip/x/__MACOSX/x/._a.txt", "unzip/x/x/.DS_Store")));
            Assert.That(plan.Skipped, Is.Empty);
        }
    }

    [Test]
    public void Plan_NormalizeNamesToNfcOff_KeepsDecomposedNames()
    {
        var layout = CentralEntries.SequentialRaw(Nfd("café.txt"));

        var plan = CreateSut(new ArchiveOptions { NormalizeNamesToNfc = false }).Plan(layout, Folder);

        Assert.That(plan.Writes.Single().Key, Is.EqualTo("unzip/x/cafe\u0301.txt"));
    }

    [Test]
    public void Plan_ShiftJisNames_shift_jis_names_DecodedTogetherAndNotSplitAtTrailByte5C()
    {
        // The names of shared/cases/shift-jis-names; ソ is 83 5C in Shift-JIS.
        var sjis = System.Text.Encoding.GetEncoding(932);
        var layout = CentralEntries.SequentialRaw(
            sjis.GetBytes("資料/テスト.txt"),
            sjis.GetBytes("資料/報告書 2024.txt"),
            sjis.GetBytes("新しいフォルダ/SJIS_835C_ソ.txt"),
            "readme.txt"u8.ToArray());

        var plan = CreateSut().Plan(layout, "unzip/shift-jis-names/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => w.RelativePath), Is.EquivalentTo(Keys("資料/テスト.txt", "資料/報告書 2024.txt", "新しいフォルダ/SJIS_835C_ソ.txt", "readme.txt")));
            Assert.That(plan.Renamed, Is.Empty);
            Assert.That(plan.NameEncodings.Select(n => (n.Code, n.Encoding, n.Entries, n.Guessed)), Is.EquivalentTo(new[]
            {
                (NameEncodingNoteCodes.Detected, "shift_jis", 3, true),
                (NameEncodingNoteCodes.Ascii, "us-ascii", 1, false),
            }));
        }
    }

    [Test]
    public void Plan_ConfiguredNameEncoding_DecodesUndeclaredNamesWithItAndSaysSo()
    {
        var big5 = System.Text.Encoding.GetEncoding(950);
        var layout = CentralEntries.SequentialRaw(big5.GetBytes("會議記錄.docx"));

        var plan = CreateSut(new ArchiveOptions { NameEncoding = "big5" }).Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().RelativePath, Is.EqualTo("會議記錄.docx"));
            Assert.That(plan.NameEncodings.Single(), Is.EqualTo(new NameEncodingNote(NameEncodingNoteCodes.Configured, "big5", 1, "會議記錄.docx")));
        }
    }

    [Test]
    public void Plan_RuleNameEncodingOverridesArchiveSetting_DecodesWithTheRulesEncoding()
    {
        // Arrange: Shift-JIS bytes; Archive:NameEncoding forces cp437 (every byte valid there, so it would
        // misread them rather than fail), the rule says shift_jis.
        var sjis = System.Text.Encoding.GetEncoding(932);
        var layout = CentralEntries.SequentialRaw(sjis.GetBytes("会議資料.txt"));
        var rules = new PlanRules(null, [], []) { NameEncoding = "shift_jis" };

        // Act
        var plan = CreateSut(new ArchiveOptions { NameEncoding = "cp437" }).Plan(layout, Folder, rules);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Single().RelativePath, Is.EqualTo("会議資料.txt"));
            Assert.That(plan.NameEncodings.Single(), Is.EqualTo(new NameEncodingNote(NameEncodingNoteCodes.Configured, "shift_jis", 1, "会議資料.txt")));
        }
    }

    [Test]
    public void Plan_RuleWithoutNameEncoding_FollowsArchiveSetting()
    {
        var big5 = System.Text.Encoding.GetEncoding(950);
        var layout = CentralEntries.SequentialRaw(big5.GetBytes("會議記錄.docx"));

        var plan = CreateSut(new ArchiveOptions { NameEncoding = "big5" }).Plan(layout, Folder, new PlanRules(null, [], []));

        Assert.That(plan.Writes.Single().RelativePath, Is.EqualTo("會議記錄.docx"));
    }

    private static byte[] Nfd(string name) => System.Text.Encoding.UTF8.GetBytes(name.Normalize(System.Text.NormalizationForm.FormD));

    [Test]
    public void Plan_ZipCryptoEntry_PlansItsWrite()
    {
        // Since issue 17 the password is chosen before writing (ZipPasswordChoice), not refused by the plan.
        var layout = LayoutOf(
            CentralEntries.Create(0, "plain.txt", 0, 10, 10),
            CentralEntries.Create(1, "secret.txt", 100, 10, 10, flags: 0x0801));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Writes.Select(w => w.Name), Is.EqualTo(Keys("plain.txt", "secret.txt")));
    }

    [Test]
    public void Plan_AesEntryWithoutItsExtraField_RejectsTheArchive()
    {
        var layout = LayoutOf(CentralEntries.Create(0, "aes.bin", 0, 10, 10, method: 99));

        var sut = CreateSut();

        Assert.That(
            () => sut.Plan(layout, Folder),
            Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Entries)).EqualTo(Keys("aes.bin: encrypted with WinZip AES (method 99) without a valid 0x9901 extra field")));
    }

    [Test]
    public void Plan_Bzip2AndLzmaEntries_PlansTheirWrites()
    {
        var layout = LayoutOf(
            CentralEntries.Create(0, "a.bz2data", 0, 10, 10, method: 12),
            CentralEntries.Create(1, "ok.txt", 100, 10, 10),
            CentralEntries.Create(2, "b.lzmadata", 200, 10, 10, method: 14));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Writes.Select(w => w.Name), Is.EqualTo(Keys("a.bz2data", "ok.txt", "b.lzmadata")));
    }

    [Test]
    public void Plan_ImplodeAndWavPackEntries_RejectsTheArchiveNamingBoth()
    {
        var layout = LayoutOf(
            CentralEntries.Create(0, "a.imploded", 0, 10, 10, method: 6),
            CentralEntries.Create(1, "ok.txt", 100, 10, 10),
            CentralEntries.Create(2, "b.wv", 200, 10, 10, method: 97));

        var sut = CreateSut();

        Assert.That(
            () => sut.Plan(layout, Folder),
            Throws.TypeOf<ArchiveRejectedException>()
                .With.Message.Contains("2 entries")
                .And.Property(nameof(ArchiveRejectedException.Entries)).EqualTo(Keys(
                    "a.imploded: compression method 6 (Implode) is not supported",
                    "b.wv: compression method 97 (WavPack) is not supported")));
    }

    [TestCase((ushort)0)]
    [TestCase((ushort)8)]
    [TestCase((ushort)9)]
    public void Plan_StoredDeflateOrDeflate64_IsPlanned(ushort method)
    {
        var layout = LayoutOf(CentralEntries.Create(0, "a.bin", 0, 10, 10, method: method));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Writes, Has.Count.EqualTo(1));
    }

    [Test]
    public void Plan_TotalAboveMaxTotalUncompressedBytes_RejectsNamingTheSetting()
    {
        var layout = CentralEntries.Sequential(("a.bin", 600, 600), ("b.bin", 401, 401));
        var sut = CreateSut(new ArchiveOptions { MaxTotalUncompressedBytes = 1000 });

        Assert.That(
            () => sut.Plan(layout, Folder),
            Throws.TypeOf<ArchiveRejectedException>().With.Message.Contains("Archive:MaxTotalUncompressedBytes").And.Message.Contains("1001"));
    }

    [Test]
    public void Plan_TotalExactlyAtMaxTotalUncompressedBytes_IsPlanned()
    {
        var layout = CentralEntries.Sequential(("a.bin", 600, 600), ("b.bin", 400, 400));

        var plan = CreateSut(new ArchiveOptions { MaxTotalUncompressedBytes = 1000 }).Plan(layout, Folder);

        Assert.That(plan.TotalBytes, Is.EqualTo(1000));
    }

    [Test]
    public void Plan_DirectoryEntry_AddsNothingToTheTotal()
    {
        var layout = LayoutOf(CentralEntries.Create(0, "dir/", 0, 0, 0, method: 0));

        var plan = CreateSut(new ArchiveOptions { MaxTotalUncompressedBytes = 1 }).Plan(layout, Folder);

        Assert.That(plan.Directories, Is.EqualTo(1));
    }

    [Test]
    public void Plan_RatioAboveMaxCompressionRatio_RejectsNamingTheEntry()
    {
        var layout = CentralEntries.Sequential(("fine.txt", 10, 100), ("bomb.txt", 10, 11_010));
        var sut = CreateSut(new ArchiveOptions { MaxCompressionRatio = 1100 });

        Assert.That(
            () => sut.Plan(layout, Folder),
            Throws.TypeOf<ArchiveRejectedException>()
                .With.Message.Contains("Archive:MaxCompressionRatio")
                .And.Property(nameof(ArchiveRejectedException.Entries)).EqualTo(Keys("bomb.txt")));
    }

    [Test]
    public void Plan_RatioAtMaxCompressionRatio_IsPlanned()
    {
        var layout = CentralEntries.Sequential(("dense.txt", 10, 11_000));

        var plan = CreateSut(new ArchiveOptions { MaxCompressionRatio = 1100 }).Plan(layout, Folder);

        Assert.That(plan.Writes, Has.Count.EqualTo(1));
    }

    [Test]
    public void Plan_EntryDeclaringBytesFromZeroCompressedBytes_IsRejected()
    {
        // No writer can produce data from nothing: the declared ratio is unbounded, so it must trip
        // Archive:MaxCompressionRatio before anything is written.
        var layout = CentralEntries.Sequential(("honest.txt", 10, 10), ("from-nothing.bin", 0, 1L << 30));

        var sut = CreateSut();

        Assert.That(
            () => sut.Plan(layout, Folder),
            Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Entries)).EqualTo(Keys("from-nothing.bin")));
    }

    [Test]
    public void Plan_EntriesOverlap_RejectsNamingBoth()
    {
        var layout = LayoutOf(
            CentralEntries.Create(0, "first.bin", 0, 100, 100),
            CentralEntries.Create(1, "second.bin", 50, 100, 100));

        var sut = CreateSut();

        Assert.That(
            () => sut.Plan(layout, Folder),
            Throws.TypeOf<ArchiveRejectedException>()
                .With.Message.Contains("overlap")
                .And.Property(nameof(ArchiveRejectedException.Entries)).EqualTo(Keys("first.bin", "second.bin")));
    }

    [Test]
    public void Plan_EntriesShareOneDataRange_Rejects()
    {
        var shared = CentralEntries.Create(0, "a.txt", 0, 100, 100_000);
        var layout = LayoutOf(shared, CentralEntries.Create(1, "b.txt", 0, 100, 100_000), CentralEntries.Create(2, "c.txt", 0, 100, 100_000));

        var sut = CreateSut();

        Assert.That(() => sut.Plan(layout, Folder), Throws.TypeOf<ArchiveRejectedException>().With.Message.Contains("overlap"));
    }

    [Test]
    public void Plan_LastEntryRunsIntoTheDirectory_RejectsNamingIt()
    {
        var entry = CentralEntries.Create(0, "long.bin", 0, 100, 100);
        var layout = new ZipLayout([entry], entry.MinimumEnd - 1, 0, entry.MinimumEnd + 100);

        var sut = CreateSut();

        Assert.That(
            () => sut.Plan(layout, Folder),
            Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Entries)).EqualTo(Keys("long.bin")));
    }

    [Test]
    public void Plan_DirectoryListsEntriesOutOfDataOrder_WritesFollowDataOrder()
    {
        var layout = LayoutOf(
            CentralEntries.Create(0, "late.txt", 200, 10, 10),
            CentralEntries.Create(1, "early.txt", 0, 10, 10),
            CentralEntries.Create(2, "middle.txt", 100, 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Writes.Select(w => w.Name), Is.EqualTo(Keys("early.txt", "middle.txt", "late.txt")));
    }

    [TestCase("docs/")]
    [TestCase("../")]
    [TestCase("/")]
    public void Plan_FolderEntryHoldingBytes_ListsItAsSkippedWithItsSize(string folderName)
    {
        var layout = CentralEntries.Sequential((folderName, 8, 8), ("docs/a.txt", 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => w.Key), Is.EqualTo(Keys("unzip/x/docs/a.txt")));
            Assert.That(plan.Skipped.Select(s => (s.Entry, s.Code)), Is.EqualTo(new[] { (folderName, EntryNoteCodes.DirectoryWithData) }));
            Assert.That(plan.Skipped[0].Reason, Does.Contain("8 bytes"));
        }
    }

    [Test]
    public void Plan_EmptyFolderEntry_IsNotListed()
    {
        var layout = CentralEntries.Sequential(("docs/", 0, 0), ("docs/a.txt", 10, 10));

        var plan = CreateSut().Plan(layout, Folder);

        Assert.That(plan.Skipped, Is.Empty);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Plan_DecomposedNameComposingOntoAnotherEntrysName_KeepsBothUnderTheirOwnKeys(bool composedFirst)
    {
        // A file system keeps "cafe\u0301.txt" and "caf\u00e9.txt" apart: neither is a later copy of the other.
        var composed = System.Text.Encoding.UTF8.GetBytes("docs/caf\u00e9.txt");
        var decomposed = Nfd("docs/caf\u00e9.txt");
        var layout = composedFirst ? CentralEntries.SequentialRaw(composed, decomposed) : CentralEntries.SequentialRaw(decomposed, composed);
        var decomposedIndex = composedFirst ? 1 : 0;

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.ToDictionary(w => w.Key, w => w.Entry.Index), Is.EquivalentTo(new Dictionary<string, int>
            {
                ["unzip/x/docs/caf\u00e9.txt"] = 1 - decomposedIndex,
                ["unzip/x/docs/caf\u00e9~2.txt"] = decomposedIndex,
            }));
            Assert.That(plan.Skipped, Is.Empty);
            Assert.That(plan.Renamed.Select(r => (r.Entry, r.Code)), Is.EqualTo(new[] { ("docs/cafe\u0301.txt", EntryNoteCodes.ComposedNameTaken) }));
        }
    }

    [Test]
    public void Plan_TwoEntriesOfTheSameDecomposedName_LaterOneWinsAsForAnyDuplicate()
    {
        var layout = CentralEntries.SequentialRaw(Nfd("caf\u00e9.txt"), Nfd("caf\u00e9.txt"));

        var plan = CreateSut().Plan(layout, Folder);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(plan.Writes.Select(w => (w.Key, w.Entry.Index)), Is.EqualTo(new[] { ("unzip/x/caf\u00e9.txt", 1) }));
            Assert.That(plan.Skipped.Select(s => s.Code), Is.EqualTo(new[] { EntryNoteCodes.ReplacedByLaterEntry }));
        }
    }
}
