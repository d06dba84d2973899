using System.Globalization;
using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Streams;

/// <summary>
/// The tar family and single-file gzip through the real expander against a real s3rver, every archive
/// made at test time by the real tool a user would run (GNU tar, bsdtar, gzip, bzip2, xz, zstd), or by
/// python3's tarfile where a hostile member is needed that no archiver writes from a real file system.
/// Inputs are small so the whole fixture costs seconds.
/// </summary>
[Category("Integration")]
public sealed class StreamFormatsIntegrationTests() : ArchiveExpansionFixture("formats", 32)
{
    /// <summary>The files every "plain" archive holds, below a folder named like nothing in particular.</summary>
    private static readonly IReadOnlyDictionary<string, byte[]> Tree = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["docs/readme.txt"] = TestData.Text(5_000, 1),
        ["docs/deep/data.bin"] = TestData.Random(70_000, 2),
        ["empty.txt"] = [],
        ["中文 文件.txt"] = TestData.Text(300, 3),
    };

    private static readonly string[] HostileRenames = ["../../escape.txt", "/etc/absolute.txt", ".ossunzip/manifest.json"];

    [TestCase("x.tar", "tar", "cf")]
    [TestCase("x.tar.gz", "tar+gzip", "czf")]
    [TestCase("X.TGZ", "tar+gzip", "czf")]
    [TestCase("x.tar.bz2", "tar+bzip2", "cjf")]
    [TestCase("x.tbz2", "tar+bzip2", "cjf")]
    [TestCase("x.tar.xz", "tar+xz", "cJf")]
    [TestCase("x.txz", "tar+xz", "cJf")]
    public async Task ExpandAsync_GnuTar_WritesEveryFileAndNamesTheFormat(string name, string format, string flags)
    {
        var source = WriteTree("gnu-" + name, Tree);
        var archive = Path.Combine(WorkDirectory, name);
        await ExternalTool.RunAsync("tar", source, [flags, archive, "."]);

        var (report, bucket) = await ExpandAsync(name, await File.ReadAllBytesAsync(archive));

        Assert.That(report.Format, Is.EqualTo(format));
        Assert.That(report.Directories, Is.EqualTo(3), "., docs/ and docs/deep/");
        await AssertBucketHoldsExactlyAsync(bucket, name, Tree);
    }

    [TestCase("x.tar.zst", "tar+zstd")]
    [TestCase("x.tzst", "tar+zstd")]
    public async Task ExpandAsync_ZstdTar_WritesEveryFile(string name, string format)
    {
        var source = WriteTree("zst-" + name, Tree);
        var archive = Path.Combine(WorkDirectory, name);
        await ExternalTool.RunAsync("tar", source, ["--zstd", "-cf", archive, "."]);

        var (report, bucket) = await ExpandAsync(name, await File.ReadAllBytesAsync(archive));

        Assert.That(report.Format, Is.EqualTo(format));
        await AssertBucketHoldsExactlyAsync(bucket, name, Tree);
    }

    [TestCase("pax")]
    [TestCase("gnu")]
    [TestCase("ustar")]
    public async Task ExpandAsync_LongAndUnicodeNames_KeptWhole(string tarFormat)
    {
        // ustar holds up to 255 bytes split at a slash (prefix + name); pax and GNU hold any length.
        var longFolder = string.Join('/', Enumerable.Repeat("folder-名前", tarFormat == "ustar" ? 6 : 12));
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [$"{longFolder}/a file with a rather long name, 文件.txt"] = TestData.Text(1_000, 4),
            ["short.txt"] = TestData.Text(10, 5),
        };
        var source = WriteTree("names-" + tarFormat, files);
        var archive = Path.Combine(WorkDirectory, $"names-{tarFormat}.tar");
        await ExternalTool.RunAsync("tar", source, [$"--format={tarFormat}", "-cf", archive, "short.txt", "folder-名前"]);

        var (_, bucket) = await ExpandAsync("names.tar", await File.ReadAllBytesAsync(archive));

        await AssertBucketHoldsExactlyAsync(bucket, "names.tar", files);
    }

    [Test]
    public async Task ExpandAsync_GbkNamesInUstarByBsdtar_DetectedLikeZipNames()
    {
        // A GBK file system name: bsdtar stores the bytes as they are, with no declared encoding.
        var source = Directory.CreateDirectory(Path.Combine(WorkDirectory, "gbk")).FullName;
        await ExternalTool.RunAsync("python3", source, ["-c", "import os\nfor n,t in [('中文文件名.txt','一'),('报告/第一章 概述.txt','二'),('数据 表格.csv','三')]:\n  p=n.encode('gbk'); d=os.path.dirname(p)\n  d and os.makedirs(d, exist_ok=True)\n  open(p,'wb').write(t.encode('utf-8'))"]);
        var archive = Path.Combine(WorkDirectory, "gbk.tar");
        await ExternalTool.RunAsync("bsdtar", source, ["--format=ustar", "-cf", archive, "."]);

        // .NET reads file names as UTF-8, so it cannot find these GBK-named files to delete them: python
        // removes the tree by its bytes, or the fixture's teardown would fail and leave it behind.
        await ExternalTool.RunAsync("python3", WorkDirectory, ["-c", "import shutil; shutil.rmtree(b'gbk')"]);

        var (report, bucket) = await ExpandAsync("gbk.tar", await File.ReadAllBytesAsync(archive));

        await AssertBucketHoldsExactlyAsync(bucket, "gbk.tar", new Dictionary<string, byte[]>
        {
            ["中文文件名.txt"] = "一"u8.ToArray(),
            ["报告/第一章 概述.txt"] = "二"u8.ToArray(),
            ["数据 表格.csv"] = "三"u8.ToArray(),
        });
        Assert.That(report.NameEncodings.Select(n => n.Encoding), Does.Contain("gb18030").Or.Contain("gbk").Or.Contain("gb2312"));
    }

    [TestCase("gnu")]
    [TestCase("pax")]
    public async Task ExpandAsync_SparseMember_WrittenExpanded(string tarFormat)
    {
        var expanded = new byte[3 << 20];
        TestData.Text(4_000, 6).CopyTo(expanded, 1 << 20);
        TestData.Text(100, 7).CopyTo(expanded, expanded.Length - 100);
        var source = WriteTree("sparse-" + tarFormat, new Dictionary<string, byte[]> { ["disk.img"] = [] });
        await using (var file = File.OpenWrite(Path.Combine(source, "disk.img")))
        {
            // Written with holes: only the data regions are allocated, so tar --sparse records a map.
            file.SetLength(expanded.Length);
            file.Position = 1 << 20;
            file.Write(expanded, 1 << 20, 4_000);
            file.Position = expanded.Length - 100;
            file.Write(expanded, expanded.Length - 100, 100);
        }

        var archive = Path.Combine(WorkDirectory, $"sparse-{tarFormat}.tar.gz");
        await ExternalTool.RunAsync("tar", source, [$"--format={tarFormat}", "--sparse", "-czf", archive, "disk.img"]);

        var (_, bucket) = await ExpandAsync("sparse.tar.gz", await File.ReadAllBytesAsync(archive));

        await AssertBucketHoldsExactlyAsync(bucket, "sparse.tar.gz", new Dictionary<string, byte[]> { ["disk.img"] = expanded });
    }

    [Test]
    public async Task ExpandAsync_HostileMembers_SanitizedSkippedAndListed()
    {
        var archive = Path.Combine(WorkDirectory, "hostile.tar.gz");
        await ExternalTool.RunAsync("python3", WorkDirectory, ["-c", """
import tarfile, io, sys
def add(t, name, data=b'', kind=tarfile.REGTYPE, link=''):
    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link; i.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
with tarfile.open(sys.argv[1], 'w:gz', format=tarfile.GNU_FORMAT) as t:
    add(t, '../../escape.txt', b'up')
    add(t, '/etc/absolute.txt', b'abs')
    add(t, 'dup.txt', b'first')
    add(t, 'link', kind=tarfile.SYMTYPE, link='/etc/passwd')
    add(t, 'hard', kind=tarfile.LNKTYPE, link='dup.txt')
    add(t, 'dev/null', kind=tarfile.CHRTYPE)
    add(t, 'dev/sda', kind=tarfile.BLKTYPE)
    add(t, 'pipe', kind=tarfile.FIFOTYPE)
    add(t, '.ossunzip/manifest.json', b'forged')
    add(t, 'dup.txt', b'second')
""", archive]);

        var (report, bucket) = await ExpandAsync("hostile.tar.gz", await File.ReadAllBytesAsync(archive));

        await AssertBucketHoldsExactlyAsync(bucket, "hostile.tar.gz", new Dictionary<string, byte[]>
        {
            ["escape.txt"] = "up"u8.ToArray(),
            ["etc/absolute.txt"] = "abs"u8.ToArray(),
            ["dup.txt"] = "second"u8.ToArray(),
            ["_ossunzip/manifest.json"] = "forged"u8.ToArray(),
        });
        Assert.Multiple(() =>
        {
            Assert.That(report.Skipped.Select(s => (s.Entry, s.Code)), Is.EquivalentTo(new[]
            {
                ("link", "symlink"), ("hard", "hardlink"), ("dev/null", "special-file"), ("dev/sda", "special-file"), ("pipe", "special-file"),
                ("dup.txt", "replaced-by-later-entry"),
            }));
            Assert.That(report.Renamed.Select(r => r.Entry), Is.EquivalentTo(HostileRenames));
        });
    }

    [Test]
    public async Task ExpandAsync_SingleGzipWithName_OneObjectNamedFromTheHeader()
    {
        var data = TestData.Text(50_000, 8);
        var source = WriteTree("gz-named", new Dictionary<string, byte[]> { ["original name.csv"] = data });
        await ExternalTool.RunAsync("gzip", source, ["-k", "original name.csv"]);

        var (report, bucket) = await ExpandAsync("upload.csv.gz", await File.ReadAllBytesAsync(Path.Combine(source, "original name.csv.gz")));

        Assert.That(report.Format, Is.EqualTo("gzip"));
        await AssertBucketHoldsExactlyAsync(bucket, "upload.csv.gz", new Dictionary<string, byte[]> { ["original name.csv"] = data });
    }

    [Test]
    public async Task ExpandAsync_SingleGzipWithoutName_ObjectNamedFromTheKey()
    {
        var data = TestData.Random(20_000, 9);
        var source = WriteTree("gz-unnamed", new Dictionary<string, byte[]> { ["a.bin"] = data });
        await ExternalTool.RunAsync("gzip", source, ["-n", "a.bin"]);

        var (_, bucket) = await ExpandAsync("report.bin.GZ", await File.ReadAllBytesAsync(Path.Combine(source, "a.bin.gz")));

        await AssertBucketHoldsExactlyAsync(bucket, "report.bin.GZ", new Dictionary<string, byte[]> { ["report.bin"] = data });
    }

    [Test]
    public async Task ExpandAsync_CompressedTarDeclaringMoreThanTheLimit_RejectedWithNothingWritten()
    {
        var source = WriteTree("over-limit", new Dictionary<string, byte[]> { ["zeros.bin"] = new byte[2 << 20] });
        var archive = Path.Combine(WorkDirectory, "over-limit.tar.gz");
        await ExternalTool.RunAsync("tar", source, ["-czf", archive, "zeros.bin"]);

        await AssertRejectedAsync("big.tar.gz", await File.ReadAllBytesAsync(archive), ArchiveRejectionCodes.LimitExceeded, new Dictionary<string, string?> { ["Archive:MaxTotalUncompressedBytes"] = "1048576" });
    }

    [Test]
    public async Task ExpandAsync_XzDictionaryAboveTheLimit_RejectedWithNothingWritten()
    {
        var source = WriteTree("xz-dict", new Dictionary<string, byte[]> { ["a.txt"] = TestData.Text(1_000, 10) });
        await ExternalTool.RunAsync("tar", source, ["-cf", "a.tar", "a.txt"]);
        await ExternalTool.RunAsync("xz", source, ["-9", "a.tar"]);

        await AssertRejectedAsync("dict.tar.xz", await File.ReadAllBytesAsync(Path.Combine(source, "a.tar.xz")), ArchiveRejectionCodes.LimitExceeded, new Dictionary<string, string?> { ["Archive:MaxDictionaryBytes"] = "1048576" });
    }

    [Test]
    public async Task ExpandAsync_TruncatedTgz_RejectedAsTruncatedWithoutManifest()
    {
        var source = WriteTree("truncated", new Dictionary<string, byte[]> { ["random.bin"] = TestData.Random(200_000, 11) });
        var archive = Path.Combine(WorkDirectory, "truncated.tgz");
        await ExternalTool.RunAsync("tar", source, ["-czf", archive, "random.bin"]);
        var bytes = await File.ReadAllBytesAsync(archive);

        await AssertRejectedAsync("cut.tgz", bytes[..(bytes.Length / 2)], ArchiveRejectionCodes.Truncated);
    }

    [Test]
    public async Task ExpandAsync_CorruptedTxz_RejectedAsCorruptWithoutManifest()
    {
        var source = WriteTree("corrupt", new Dictionary<string, byte[]> { ["text.txt"] = TestData.Text(200_000, 12) });
        var archive = Path.Combine(WorkDirectory, "corrupt.txz");
        await ExternalTool.RunAsync("tar", source, ["-cJf", archive, "text.txt"]);
        var bytes = await File.ReadAllBytesAsync(archive);
        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 16; i++)
        {
            bytes[i] ^= 0x5A;
        }

        await AssertRejectedAsync("bad.txz", bytes, ArchiveRejectionCodes.EntryDataCorrupt);
    }

    [TestCase("x.rar", "Rar!\x1A\x07\x01\x00")]
    [TestCase("x.rar", "Rar!\x1A\x07\x00")]
    [TestCase("x.zip", "Rar!\x1A\x07\x01\x00")]
    [TestCase("x.tar.gz", "MSCF\0\0\0\0")]
    [TestCase("x.zip", "PK\x07\x08")]
    public async Task ExpandAsync_RecognisedButUnsupportedContainer_RejectedAsUnsupportedFormat(string name, string signature)
    {
        var bytes = Encoding.Latin1.GetBytes(signature).Concat(TestData.Random(4_000, 13)).ToArray();

        await AssertRejectedAsync(name, bytes, ArchiveRejectionCodes.UnsupportedFormat);
    }

    [Test]
    public async Task ExpandAsync_ZipNamedTarGz_RejectedAsFormatMismatch()
    {
        var zip = new ZipBuilder().File("a.txt", TestData.Text(100, 14)).Build();

        await AssertRejectedAsync("really-a-zip.tar.gz", zip, ArchiveRejectionCodes.FormatMismatch);
    }

    [Test]
    public async Task ExpandAsync_TextNamedTgz_RejectedAsNotAnArchive()
    {
        await AssertRejectedAsync("notes.tgz", TestData.Text(3_000, 15), ArchiveRejectionCodes.NotAnArchive);
    }

}
