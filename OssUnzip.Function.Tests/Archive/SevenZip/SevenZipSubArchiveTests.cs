using OssUnzip.Function.Archive.SevenZip;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Function.Tests.Storage;
using OssUnzip.Testing;
using SharpCompress.Archives.SevenZip;
using SharpCompress.Readers;

namespace OssUnzip.Function.Tests.Archive.SevenZip;

/// <summary>
/// Sub-archives of folder ranges of archives made by the real 7z at test time (a few KiB each): each
/// range read by SharpCompress gives exactly its files, the ranges together give the whole archive's
/// files in header order, and the new header reads back through our own reader.
/// </summary>
[TestFixture]
public sealed class SevenZipSubArchiveTests
{
    private const string Password = "secret";
    private string _work = "";

    [OneTimeSetUp]
    public void CreateFiles()
    {
        _work = Directory.CreateTempSubdirectory("ossunzip-7zsub-").FullName;
        for (var i = 0; i < 8; i++)
        {
            var folder = Path.Combine(_work, "tree", i % 2 == 0 ? "even" : "odd");
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, $"f{i}.txt"), i % 3 == 0 ? TestData.Random(3_000 + i, i) : TestData.Text(7_000 + (i * 1_000), i));
        }

        Directory.CreateDirectory(Path.Combine(_work, "tree", "hollow"));
        File.WriteAllBytes(Path.Combine(_work, "tree", "odd", "empty.txt"), []);
    }

    [OneTimeTearDown]
    public void DeleteFiles() => Directory.Delete(_work, recursive: true);

    [TestCase("-ms=3f -m0=LZMA2")]
    [TestCase("-ms=off")]
    [TestCase("-ms=3f -mf=BCJ2")]
    [TestCase("-ms=2f -m0=PPMd")]
    [TestCase("-ms=3f -m0=LZMA -psecret")]
    public async Task Create_EveryFolderAlone_SharpCompressGivesTheWholeArchiveInOrder(string switches)
    {
        var archive = await SevenZipAsync(switches.Split(' '));
        var layout = await LayoutAsync(archive);
        var whole = await ExtractAsync(new MemoryStream(archive));

        var parts = new List<Extracted>();
        for (var folder = 0; folder < layout.Folders.Count; folder++)
        {
            var sub = SevenZipSubArchive.Create(layout, new SevenZipFolderRange(folder, 1));
            parts.AddRange(await ExtractAsync(new SevenZipSubArchiveStream(new MemoryStream(archive), sub)));
        }

        Assert.That(layout.Folders, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(parts.Select(p => p.Key), Is.EquivalentTo(whole.Select(w => w.Key)));
        Assert.That(parts.OrderBy(p => p.Key, StringComparer.Ordinal), Is.EqualTo(whole.OrderBy(w => w.Key, StringComparer.Ordinal)).Using<Extracted>(Same));
    }

    [Test]
    public async Task Create_RangeOfSeveralFolders_KeepsHeaderOrderAndReadsOnlyItsPackedBytes()
    {
        var archive = await SevenZipAsync(["-ms=2f", "-m0=LZMA2"]);
        var layout = await LayoutAsync(archive);
        var range = new SevenZipFolderRange(1, 2);
        var sub = SevenZipSubArchive.Create(layout, range);
        var source = new CountingStream(archive);
        var expected = SevenZipSubArchive.FilesOf(layout, range).Select(i => layout.Files[i].Name.Replace('\\', '/')).ToList();

        var extracted = await ExtractAsync(new SevenZipSubArchiveStream(source, sub));

        Assert.That(extracted.Select(e => e.Key), Is.EqualTo(expected));
        Assert.That(source.Lowest, Is.GreaterThanOrEqualTo(sub.SourceOffset));
        Assert.That(source.Highest, Is.LessThanOrEqualTo(sub.SourceOffset + sub.SourceLength));
        Assert.That(source.BytesRead, Is.EqualTo(sub.SourceLength), "each packed byte of the range read once");
    }

    [Test]
    public async Task Create_OverTheServicesRangedView_GetsOnlyTheRangesBytesFromTheStore()
    {
        var archive = await SevenZipAsync(["-ms=3f", "-mf=BCJ2"]);
        var layout = await LayoutAsync(archive);
        var sub = SevenZipSubArchive.Create(layout, new SevenZipFolderRange(1, 1));
        var store = new ByteArrayObjectStore(archive);
        var raw = new SevenZipSourceStream(store, new ArchiveSource("bucket", "zip/a.7z", store.Version), RangedReadSettings.Default);
        List<Extracted> extracted;
        await using (raw)
        {
            extracted = await ExtractAsync(new SevenZipSubArchiveStream(raw, sub));
        }

        Assert.That(extracted.Select(e => e.Key), Is.EqualTo(SevenZipSubArchive.FilesOf(layout, new SevenZipFolderRange(1, 1)).Select(i => layout.Files[i].Name.Replace('\\', '/'))));
        Assert.That(raw.BytesRead, Is.EqualTo(sub.SourceLength), "the folder's four packed streams, each byte once");
    }

    [TestCase("-ms=3f -mf=BCJ2")]
    [TestCase("-ms=3f -m0=LZMA -psecret")]
    public async Task Create_RoundTrip_OurReaderReadsTheRangesFoldersAndFiles(string switches)
    {
        var archive = await SevenZipAsync(switches.Split(' '));
        var layout = await LayoutAsync(archive);
        var range = new SevenZipFolderRange(1, layout.Folders.Count - 1);
        var sub = SevenZipSubArchive.Create(layout, range);
        var bytes = await ReadAllAsync(new SevenZipSubArchiveStream(new MemoryStream(archive), sub));

        var header = await HeaderAsync(bytes);
        var again = SevenZipHeaderReader.ReadLayout(header.Bytes);

        var original = await HeaderAsync(archive);
        Assert.That(header.Folders!.Select(f => f.Coders.Select(c => (c.MethodId, Convert.ToHexString(c.Properties.Span)))), Is.EqualTo(original.Folders!.Skip(1).Select(f => f.Coders.Select(c => (c.MethodId, Convert.ToHexString(c.Properties.Span))))));
        Assert.That(again.Files.Select(Shape), Is.EqualTo(SevenZipSubArchive.FilesOf(layout, range).Select(i => Shape(layout.Files[i]))));
        Assert.That(again.PackSizes, Is.EqualTo(layout.PackSizes.Skip(layout.Folders[1].FirstPackStream)));
    }

    [Test]
    public async Task Create_LargeNumbers_HeaderReadsBackTheSame()
    {
        var archive = await SevenZipAsync(["-ms=off"]);
        var layout = await LayoutAsync(archive);
        long[] sizes = [0, 127, 128, 16_383, 16_384, 1L << 35, (1L << 56) + 3, long.MaxValue / 2];
        var huge = layout with { PackSizes = [.. layout.PackSizes.Select((_, i) => sizes[i % sizes.Length])] };

        var sub = SevenZipSubArchive.Create(huge, new SevenZipFolderRange(0, layout.Folders.Count));
        var again = SevenZipHeaderReader.ReadLayout(sub.Header);

        Assert.That(again.PackSizes, Is.EqualTo(huge.PackSizes));
        Assert.That(again.Files.Select(Shape), Is.EqualTo(layout.Files.Select(Shape)));
    }

    [Test]
    public async Task ReadLayout_FilesWithoutData_OwnedByTheNextFilesFolder()
    {
        var archive = await SevenZipAsync(["-ms=off"]);

        var layout = await LayoutAsync(archive);

        var files = layout.Files;
        Assert.That(files.Where(f => !f.HasData).Select(f => f.Name.Replace('\\', '/')), Does.Contain("tree/hollow").And.Contain("tree/odd/empty.txt"));
        for (var i = 0; i < files.Count; i++)
        {
            var next = files.Skip(i).FirstOrDefault(f => f.HasData);
            Assert.That(files[i].Owner, Is.EqualTo(next?.Folder ?? layout.Folders.Count - 1), files[i].Name);
        }
    }

    private async Task<byte[]> SevenZipAsync(string[] switches)
    {
        var path = Path.Combine(_work, Guid.NewGuid().ToString("N") + ".7z");
        await ExternalTool.RunAsync("7z", _work, ["a", "-bd", .. switches, path, "tree"]);
        return await File.ReadAllBytesAsync(path);
    }

    private static async Task<SevenZipHeader> HeaderAsync(byte[] archive)
    {
        var store = new ByteArrayObjectStore(archive);
        var stream = new RangedReadStream(store, new ArchiveSource("bucket", "zip/a.7z", store.Version), RangedReadSettings.Default);
        await using (stream)
        {
            return await SevenZipHeaderReader.ReadAsync(stream, 1 << 20, 1L << 40, CancellationToken.None);
        }
    }

    private static async Task<SevenZipLayout> LayoutAsync(byte[] archive) => SevenZipHeaderReader.ReadLayout((await HeaderAsync(archive)).Bytes);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<List<Extracted>> ExtractAsync(Stream stream)
    {
        var result = new List<Extracted>();
        var archive = await SevenZipArchive.OpenAsyncArchive(stream, new ReaderOptions { Password = Password, LeaveStreamOpen = true }, CancellationToken.None);
        await using (archive)
        {
            var reader = await archive.ExtractAllEntriesAsync();
            await using (reader)
            {
                while (await reader.MoveToNextEntryAsync(CancellationToken.None))
                {
                    var entry = reader.Entry;
                    var bytes = Array.Empty<byte>();
                    if (!entry.IsDirectory && entry.Size > 0)
                    {
                        var content = await reader.OpenEntryStreamAsync(CancellationToken.None);
                        await using (content)
                        {
                            bytes = await ReadAllAsync(content);
                        }
                    }

                    result.Add(new Extracted(entry.Key ?? "", entry.IsDirectory, Convert.ToHexString(bytes), entry.Crc, entry.LastModifiedTime, entry.Attrib));
                }
            }
        }

        return result;
    }

    private static (string, long, uint?, bool, bool, ulong?, uint?) Shape(SevenZipLayoutFile file) =>
        (file.Name, file.Size, file.Crc, file.IsEmptyFile, file.IsAnti, file.ModifiedTime, file.Attributes);

    private static bool Same(Extracted a, Extracted b) => a == b;

    private sealed record Extracted(string Key, bool IsDirectory, string Hex, long Crc, DateTime? Modified, int? Attributes);

    /// <summary>A seekable view of bytes that records the lowest and highest offsets read and the bytes given (MemoryStream's async reads call these).</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long Lowest { get; private set; } = long.MaxValue;

        public long Highest { get; private set; }

        public long BytesRead { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var start = Position;
            return Count(start, base.Read(buffer));
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var start = Position;
            return Count(start, base.Read(buffer, offset, count));
        }

        private int Count(long start, int read)
        {
            if (read > 0)
            {
                Lowest = Math.Min(Lowest, start);
                Highest = Math.Max(Highest, start + read);
                BytesRead += read;
            }

            return read;
        }
    }
}
