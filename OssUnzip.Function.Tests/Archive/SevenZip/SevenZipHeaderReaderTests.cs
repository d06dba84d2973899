using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.SevenZip;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Function.Tests.Storage;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.SevenZip;

/// <summary>The header reader over archives made by the real 7z at test time (a few KiB each).</summary>
[TestFixture]
public sealed class SevenZipHeaderReaderTests
{
    private const long NoLimit = 1L << 40;
    private string _work = "";

    [OneTimeSetUp]
    public void CreateFiles()
    {
        _work = Directory.CreateTempSubdirectory("ossunzip-7zheader-").FullName;
        File.WriteAllBytes(Path.Combine(_work, "a.txt"), TestData.Text(20_000, 1));
        File.WriteAllBytes(Path.Combine(_work, "b.bin"), TestData.Random(5_000, 2));
    }

    [OneTimeTearDown]
    public void DeleteFiles() => Directory.Delete(_work, recursive: true);

    [TestCase(new[] { "-mf=BCJ2" }, new[] { "LZMA", "LZMA", "LZMA2", "BCJ2" })]
    [TestCase(new[] { "-m0=PPMd", "-mhc=off" }, new[] { "PPMd" })]
    [TestCase(new[] { "-m0=Deflate" }, new[] { "Deflate" })]
    [TestCase(new[] { "-psecret", "-m0=BZip2" }, new[] { "7zAES", "BZip2" })]
    public async Task ReadAsync_ArchiveBy7z_ListsEachFoldersCoders(string[] switches, string[] coders)
    {
        var archive = await SevenZipAsync(switches);

        var header = await ReadAsync(archive, NoLimit);

        Assert.That(header.HeaderEncrypted, Is.False);
        Assert.That(header.Folders, Is.Not.Empty);
        Assert.That(header.Folders!.Select(f => f.Coders.Select(c => c.Name)), Has.All.EquivalentTo(coders));
    }

    [Test]
    public async Task ReadAsync_EncryptedHeader_ReportedWithFoldersUnknown()
    {
        var archive = await SevenZipAsync(["-psecret", "-mhe=on"]);

        var header = await ReadAsync(archive, NoLimit);

        Assert.That((header.HeaderEncrypted, header.Folders, header.IsEncrypted), Is.EqualTo((true, (IReadOnlyList<SevenZipFolder>?)null, true)));
    }

    [Test]
    public async Task ReadAsync_DictionaryAboveTheLimit_LimitExceeded()
    {
        // 7-Zip shrinks the dictionary to the data (25 KB here): 32 KiB is what it writes.
        var archive = await SevenZipAsync(["-m0=LZMA:d=64k"]);

        Assert.That(() => ReadAsync(archive, 16 << 10), Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(ArchiveRejectionCodes.LimitExceeded));
    }

    [TestCase(10, ArchiveRejectionCodes.CorruptCentralDirectory)]
    [TestCase(-5, ArchiveRejectionCodes.CorruptCentralDirectory)]
    public async Task ReadAsync_DamagedHeader_CorruptCentralDirectory(int offset, string code)
    {
        var archive = await SevenZipAsync(["-m0=LZMA2"]);
        archive[offset < 0 ? archive.Length + offset : offset] ^= 0xFF;

        Assert.That(() => ReadAsync(archive, NoLimit), Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(code));
    }

    [Test]
    public async Task ReadAsync_CutShort_Truncated()
    {
        var archive = await SevenZipAsync(["-m0=LZMA2"]);

        Assert.That(() => ReadAsync(archive[..^10], NoLimit), Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(ArchiveRejectionCodes.Truncated));
    }

    private async Task<byte[]> SevenZipAsync(string[] switches)
    {
        var path = Path.Combine(_work, Guid.NewGuid().ToString("N") + ".7z");
        await ExternalTool.RunAsync("7z", _work, ["a", "-bd", .. switches, path, "a.txt", "b.bin"]);
        return await File.ReadAllBytesAsync(path);
    }

    private static async Task<SevenZipHeader> ReadAsync(byte[] archive, long maxDictionaryBytes)
    {
        var store = new ByteArrayObjectStore(archive);
        var stream = new RangedReadStream(store, new ArchiveSource("bucket", "zip/a.7z", store.Version), RangedReadSettings.Default);
        await using (stream)
        {
            return await SevenZipHeaderReader.ReadAsync(stream, 1 << 20, maxDictionaryBytes, CancellationToken.None);
        }
    }
}
