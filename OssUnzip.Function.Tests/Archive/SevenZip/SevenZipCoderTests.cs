using OssUnzip.Function.Archive.SevenZip;

namespace OssUnzip.Function.Tests.Archive.SevenZip;

[TestFixture]
public sealed class SevenZipCoderTests
{
    [TestCase((byte)0, 4L << 10)]
    [TestCase((byte)1, 6L << 10)]
    [TestCase((byte)18, 2L << 20)]
    [TestCase((byte)24, 16L << 20)]
    [TestCase((byte)40, 0xFFFF_FFFFL)]
    public void DictionaryBytes_Lzma2Property_DecodedAsSevenZipDoes(byte property, long expected)
    {
        var coder = new SevenZipCoder(SevenZipCoder.Lzma2, new[] { property });

        Assert.That(coder.DictionaryBytes, Is.EqualTo(expected));
    }

    [Test]
    public void DictionaryBytes_LzmaAndPpmdProperties_TheLittleEndianSizeAfterTheFirstByte()
    {
        byte[] properties = [0x5D, 0x00, 0x00, 0x00, 0x04];

        Assert.That(new SevenZipCoder(SevenZipCoder.Lzma, properties).DictionaryBytes, Is.EqualTo(64L << 20));
        Assert.That(new SevenZipCoder(SevenZipCoder.Ppmd, properties).DictionaryBytes, Is.EqualTo(64L << 20));
        Assert.That(new SevenZipCoder(SevenZipCoder.Bzip2, properties).DictionaryBytes, Is.Null);
    }

    [Test]
    public void IsSupported_UnknownMethod_False()
    {
        Assert.That(new SevenZipCoder(0x040109, ReadOnlyMemory<byte>.Empty).IsSupported, Is.False, "Deflate64 is not one SharpCompress decodes in 7z");
        Assert.That(new SevenZipCoder(SevenZipCoder.Bcj2, ReadOnlyMemory<byte>.Empty).IsSupported, Is.True);
    }
}
