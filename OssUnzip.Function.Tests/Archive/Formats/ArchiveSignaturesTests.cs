using System.Text;
using OssUnzip.Function.Archive.Formats;

namespace OssUnzip.Function.Tests.Archive.Formats;

[TestFixture]
public sealed class ArchiveSignaturesTests
{
    [TestCase("PK\x03\x04....", ArchiveSignature.Zip)]
    [TestCase("PK\x05\x06....", ArchiveSignature.Zip)]
    [TestCase("PK\x07\x08PK\x03\x04", ArchiveSignature.SplitZip)]
    [TestCase("Rar!\x1A\x07\x00....", ArchiveSignature.Rar4)]
    [TestCase("Rar!\x1A\x07\x01\x00....", ArchiveSignature.Rar5)]
    [TestCase("7z\u00BC\u00AF\x27\x1C..", ArchiveSignature.SevenZip)]
    [TestCase("\x1F\u008B\x08\x00....", ArchiveSignature.Gzip)]
    [TestCase("BZh91AY&SY", ArchiveSignature.Bzip2)]
    [TestCase("\u00FD7zXZ\x00..", ArchiveSignature.Xz)]
    [TestCase("\x28\u00B5\x2F\u00FD....", ArchiveSignature.Zstd)]
    [TestCase("MSCF\0\0\0\0....", ArchiveSignature.Cab)]
    [TestCase("hello, world", ArchiveSignature.Unknown)]
    [TestCase("BZh0", ArchiveSignature.Unknown)]
    [TestCase("", ArchiveSignature.Unknown)]
    public void Detect_MagicBytes_NamesTheFormat(string head, ArchiveSignature expected)
    {
        Assert.That(ArchiveSignatures.Detect(Encoding.Latin1.GetBytes(head)), Is.EqualTo(expected));
    }

    [Test]
    public void Detect_IsoPrimaryVolumeDescriptor_Iso9660()
    {
        var head = new byte[ArchiveSignatures.HeadBytes];
        "CD001"u8.CopyTo(head.AsSpan(32_769));

        Assert.That(ArchiveSignatures.Detect(head), Is.EqualTo(ArchiveSignature.Iso9660));
    }

    [Test]
    public void Detect_EmptyTar_Tar()
    {
        Assert.That(ArchiveSignatures.Detect(new byte[1024]), Is.EqualTo(ArchiveSignature.Tar));
    }

    [Test]
    public void Detect_V7HeaderWithoutMagic_TarByChecksum()
    {
        var block = new byte[512];
        Encoding.ASCII.GetBytes("a.txt").CopyTo(block, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(block, 100);
        Encoding.ASCII.GetBytes("00000000005\0").CopyTo(block, 124);
        var sum = block.Sum(b => (int)b) + (8 * ' ');
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block, 148);

        Assert.That(ArchiveSignatures.Detect(block), Is.EqualTo(ArchiveSignature.Tar));
    }
}
