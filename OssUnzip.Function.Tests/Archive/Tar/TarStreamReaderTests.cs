using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Tar;

namespace OssUnzip.Function.Tests.Archive.Tar;

[TestFixture]
public sealed class TarStreamReaderTests
{
    [Test]
    public async Task NextAsync_UstarWithPrefix_JoinsPrefixAndNameAsRawBytes()
    {
        // "文件.txt" in GBK.
        byte[] name = [0xCE, 0xC4, 0xBC, 0xFE, (byte)'.', (byte)'t', (byte)'x', (byte)'t'];
        var tar = Tar([.. TarBlocks.Header(name, '0', 3, edit: b => "目录"u8.CopyTo(b.AsSpan(345))), .. TarBlocks.Data("abc"u8.ToArray())]);

        var member = await NextAsync(tar);

        Assert.Multiple(() =>
        {
            Assert.That(member!.Path, Is.Null);
            Assert.That(member.RawName.ToArray(), Is.EqualTo((byte[])[.. "目录"u8.ToArray(), (byte)'/', .. name]));
            Assert.That(member.Kind, Is.EqualTo(TarMemberKind.File));
            Assert.That(member.RealSize, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task NextAsync_PaxPathAndSize_OverrideTheHeader()
    {
        var data = new byte[700];
        var tar = Tar([.. TarBlocks.Pax(("path", "长/名字.txt"), ("size", "700")), .. TarBlocks.Header("short", '0', 0), .. TarBlocks.Data(data)]);
        var reader = new TarStreamReader(tar);

        var member = await reader.NextAsync(CancellationToken.None);
        var read = await ReadAllAsync(reader.OpenData(member!, "x"));

        Assert.Multiple(() =>
        {
            Assert.That(member!.Path, Is.EqualTo("长/名字.txt"));
            Assert.That(read, Has.Length.EqualTo(700));
        });
    }

    [Test]
    public async Task NextAsync_GnuLongName_IsTheName()
    {
        var longName = Encoding.ASCII.GetBytes(new string('a', 150) + "/b.txt");
        var tar = Tar([.. TarBlocks.Header("././@LongLink", 'L', longName.Length + 1, ustar: false), .. TarBlocks.Data([.. longName, 0]), .. TarBlocks.Header("truncated", '0', 0, ustar: false)]);

        var member = await NextAsync(tar);

        Assert.That(member!.RawName.ToArray(), Is.EqualTo(longName));
    }

    [Test]
    public async Task NextAsync_Base256Size_Read()
    {
        var tar = Tar([.. TarBlocks.Header("big", '0', 0, edit: b =>
        {
            Array.Clear(b, 124, 12);
            b[124] = 0x80;
            b[135] = 0x05;
        }), .. TarBlocks.Data("12345"u8.ToArray())]);

        var member = await NextAsync(tar);

        Assert.That(member!.Size, Is.EqualTo(5));
    }

    [TestCase('1', "HardLink")]
    [TestCase('2', "Symlink")]
    [TestCase('3', "Special")]
    [TestCase('4', "Special")]
    [TestCase('5', "Directory")]
    [TestCase('6', "Special")]
    [TestCase('0', "File")]
    public async Task NextAsync_TypeFlag_Kind(char type, string kind)
    {
        var tar = Tar([.. TarBlocks.Header("m", type, 0)]);

        var member = await NextAsync(tar);

        Assert.That(member!.Kind.ToString(), Is.EqualTo(kind));
    }

    [Test]
    public async Task NextAsync_LinkDeclaringASize_HasNoDataAndTheNextMemberFollows()
    {
        var tar = Tar([.. TarBlocks.Header("link", '2', 4096), .. TarBlocks.Header("next", '0', 0)]);
        var reader = new TarStreamReader(tar);

        await reader.NextAsync(CancellationToken.None);
        var next = await reader.NextAsync(CancellationToken.None);

        Assert.That(Encoding.ASCII.GetString(next!.RawName.Span), Is.EqualTo("next"));
    }

    [Test]
    public async Task NextAsync_AfterEndBlock_ReturnsNull()
    {
        var reader = new TarStreamReader(Tar([]));

        Assert.That(await reader.NextAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public void NextAsync_HeaderChecksumWrong_EntryDataCorrupt()
    {
        var bad = TarBlocks.Header("b", '0', 0);
        bad[0] ^= 1;
        var reader = new TarStreamReader(new MemoryStream([.. TarBlocks.Header("a", '0', 0), .. bad, .. TarBlocks.End]));

        Assert.That(async () => { await reader.NextAsync(CancellationToken.None); await reader.NextAsync(CancellationToken.None); }, Throws.TypeOf<ArchiveRejectedException>().With.Property("Code").EqualTo(ArchiveRejectionCodes.EntryDataCorrupt));
    }

    [Test]
    public void NextAsync_FirstBlockNotATar_FormatMismatch()
    {
        var reader = new TarStreamReader(new MemoryStream(Encoding.ASCII.GetBytes(new string('x', 1024))));

        Assert.That(async () => await reader.NextAsync(CancellationToken.None), Throws.TypeOf<ArchiveRejectedException>().With.Property("Code").EqualTo(ArchiveRejectionCodes.FormatMismatch));
    }

    [Test]
    public async Task OpenData_StreamEndsInsideTheMember_Truncated()
    {
        var reader = new TarStreamReader(new MemoryStream([.. TarBlocks.Header("a", '0', 2000), .. new byte[100]]));
        var member = await reader.NextAsync(CancellationToken.None);

        Assert.That(async () => await ReadAllAsync(reader.OpenData(member!, "a")), Throws.TypeOf<ArchiveRejectedException>().With.Property("Code").EqualTo(ArchiveRejectionCodes.Truncated));
    }

    [Test]
    public async Task OpenData_Pax01SparseMap_WritesHolesAsZeros()
    {
        var tar = Tar([
            .. TarBlocks.Pax(("GNU.sparse.size", "20"), ("GNU.sparse.map", "4,3,15,2"), ("GNU.sparse.name", "disk.img")),
            .. TarBlocks.Header("GNUSparseFile.0/disk.img", '0', 5),
            .. TarBlocks.Data("abcde"u8.ToArray())]);
        var reader = new TarStreamReader(tar);
        var member = await reader.NextAsync(CancellationToken.None);

        var expanded = await ReadAllAsync(reader.OpenData(member!, "disk.img"));

        Assert.Multiple(() =>
        {
            Assert.That(member!.Path, Is.EqualTo("disk.img"));
            Assert.That(expanded, Is.EqualTo((byte[])[0, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c', 0, 0, 0, 0, 0, 0, 0, 0, (byte)'d', (byte)'e', 0, 0, 0]));
        });
    }

    [Test]
    public async Task OpenData_SparseMapPastTheRealSize_EntryCorrupt()
    {
        var tar = Tar([
            .. TarBlocks.Pax(("GNU.sparse.size", "4"), ("GNU.sparse.map", "2,5"), ("GNU.sparse.name", "x")),
            .. TarBlocks.Header("x", '0', 5),
            .. TarBlocks.Data("abcde"u8.ToArray())]);
        var reader = new TarStreamReader(tar);
        var member = await reader.NextAsync(CancellationToken.None);

        Assert.That(() => reader.OpenData(member!, "x"), Throws.TypeOf<OssUnzip.Function.Archive.Writing.EntryCorruptException>());
    }

    private static MemoryStream Tar(byte[] members) => new([.. members, .. TarBlocks.End]);

    private static async Task<TarMember?> NextAsync(Stream tar) => await new TarStreamReader(tar).NextAsync(CancellationToken.None);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
