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

    [TestCase(0x40, 30, ArchiveRejectionCodes.UnsupportedEntries)]
    [TestCase(0x00, 62, ArchiveRejectionCodes.UnsupportedEntries)]
    [TestCase(0x40, 24, null)]
    public async Task ReadAsync_AesKeyDerivationRounds_RefusedAbove2To24(int saltAndIvBits, int power, string? code)
    {
        // 7-Zip's AES coder in a plain header: flags 0x24 (4-byte id, with properties), id 06 F1 07 01,
        // the properties' size, then the properties, whose first byte holds the salt/IV bits and the power.
        var archive = await SevenZipAsync(["-psecret", "-m0=Copy", "-mhc=off"]);
        var at = archive.AsSpan().IndexOf(new byte[] { 0x24, 0x06, 0xF1, 0x07, 0x01 }) + 6;
        Assert.That(at, Is.GreaterThan(32), "the AES coder's properties in the plain header");
        archive[at] = (byte)(saltAndIvBits | power);
        ResealStartHeader(archive);

        var read = ReadAsync(archive, NoLimit);

        if (code is null)
        {
            Assert.That((await read).Folders!.SelectMany(f => f.Coders).Where(c => c.IsEncryption).Select(c => c.KeyDerivationPower), Has.Member(power));
        }
        else
        {
            Assert.That(() => read, Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(code));
        }
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

    /// <summary>After a patch of the next header: its CRC in the start header, then the start header's own (7zFormat.txt "SignatureHeader").</summary>
    private static void ResealStartHeader(byte[] archive)
    {
        var offset = (int)System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(archive.AsSpan(12));
        var size = (int)System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(archive.AsSpan(20));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(28), System.IO.Hashing.Crc32.HashToUInt32(archive.AsSpan(32 + offset, size)));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(8), System.IO.Hashing.Crc32.HashToUInt32(archive.AsSpan(12, 20)));
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
