using OssUnzip.Function.Archive.Entries;

namespace OssUnzip.Function.Tests.Archive.Entries;

internal sealed class EntrySupportTests
{
    [TestCase((ushort)0, "Stored")]
    [TestCase((ushort)8, "Deflate")]
    [TestCase((ushort)9, "Deflate64")]
    public void Check_ReadableMethod_IsSupported(ushort method, string name)
    {
        var result = EntrySupport.Check(0x0808, method);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSupported, Is.True);
            Assert.That(result.Reason, Is.EqualTo(UnsupportedReason.None));
            Assert.That(result.Description, Is.EqualTo(name));
        });
    }

    [TestCase((ushort)12, "bzip2")]
    [TestCase((ushort)14, "LZMA")]
    [TestCase((ushort)93, "Zstandard")]
    [TestCase((ushort)95, "xz")]
    [TestCase((ushort)98, "PPMd")]
    public void Check_MethodDecodedBySharpCompress_IsSupported(ushort method, string name)
    {
        var result = EntrySupport.Check(0, method);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSupported, Is.True);
            Assert.That(result.Description, Is.EqualTo(name));
        });
    }

    [TestCase((ushort)6, "compression method 6 (Implode) is not supported")]
    [TestCase((ushort)1, "compression method 1 (Shrink) is not supported")]
    [TestCase((ushort)20, "compression method 20 (Zstandard) is not supported")]
    [TestCase((ushort)77, "compression method 77 (unknown) is not supported")]
    public void Check_UnreadableMethod_NamesTheMethod(ushort method, string description)
    {
        var result = EntrySupport.Check(0, method);

        Assert.Multiple(() =>
        {
            Assert.That(result.Reason, Is.EqualTo(UnsupportedReason.CompressionMethod));
            Assert.That(result.CompressionMethod, Is.EqualTo(method));
            Assert.That(result.Description, Is.EqualTo(description));
        });
    }

    [TestCase((ushort)0x0001, (ushort)8, "Deflate, encrypted with ZipCrypto", TestName = "ZipCrypto Deflate (Info-ZIP -P, 7-Zip ZipCrypto)")]
    [TestCase((ushort)0x0009, (ushort)8, "Deflate, encrypted with ZipCrypto", TestName = "ZipCrypto with data descriptor")]
    [TestCase((ushort)0x0001, (ushort)12, "bzip2, encrypted with ZipCrypto", TestName = "ZipCrypto bzip2")]
    public void Check_ZipCryptoEntry_IsSupported(ushort flags, ushort method, string description)
    {
        var result = EntrySupport.Check(flags, method);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSupported, Is.True);
            Assert.That(result.Description, Is.EqualTo(description));
        });
    }

    [TestCase((byte)1, (ushort)2, (ushort)8, "Deflate, encrypted with WinZip AES-128 (AE-2)")]
    [TestCase((byte)2, (ushort)1, (ushort)0, "Stored, encrypted with WinZip AES-192 (AE-1)")]
    [TestCase((byte)3, (ushort)2, (ushort)14, "LZMA, encrypted with WinZip AES-256 (AE-2)")]
    public void Check_WinZipAesEntry_IsSupportedAndNamesTheRealMethod(byte strength, ushort vendorVersion, ushort realMethod, string description)
    {
        // 0x9901 extra field (WinZip AES spec): size 7, vendor version, "AE", strength, real method.
        byte[] extra = [0x01, 0x99, 7, 0, (byte)vendorVersion, 0, (byte)'A', (byte)'E', strength, (byte)realMethod, 0];

        var result = EntrySupport.Check(0x0001, 99, extra);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSupported, Is.True);
            Assert.That(result.CompressionMethod, Is.EqualTo(realMethod));
            Assert.That(result.Description, Is.EqualTo(description));
        });
    }

    [TestCase((ushort)0x0001, (ushort)99, UnsupportedReason.AesEncrypted, TestName = "WinZip AES without its 0x9901 field")]
    [TestCase((ushort)0x0041, (ushort)8, UnsupportedReason.StrongEncryption, TestName = "PKWARE strong encryption")]
    [TestCase((ushort)0x2000, (ushort)8, UnsupportedReason.StrongEncryption, TestName = "Masked central directory")]
    public void Check_UnreadableEncryption_IsUnsupported(ushort flags, ushort method, UnsupportedReason expected)
    {
        var result = EntrySupport.Check(flags, method);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSupported, Is.False);
            Assert.That(result.Reason, Is.EqualTo(expected));
            Assert.That(result.Description, Does.Contain("encrypt"));
        });
    }

    [Test]
    public void Check_DataDescriptorAndUtf8Flags_DoNotMatter()
    {
        Assert.That(EntrySupport.Check(0x0808, 8).IsSupported, Is.True);
    }
}
