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

    [TestCase((ushort)12, "compression method 12 (bzip2) is not supported")]
    [TestCase((ushort)14, "compression method 14 (LZMA) is not supported")]
    [TestCase((ushort)93, "compression method 93 (Zstandard) is not supported")]
    [TestCase((ushort)95, "compression method 95 (xz) is not supported")]
    [TestCase((ushort)98, "compression method 98 (PPMd) is not supported")]
    [TestCase((ushort)6, "compression method 6 (Implode) is not supported")]
    [TestCase((ushort)1, "compression method 1 (Shrink) is not supported")]
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

    [TestCase((ushort)0x0001, (ushort)8, UnsupportedReason.Encrypted, TestName = "ZipCrypto Deflate (Info-ZIP -P, 7-Zip ZipCrypto)")]
    [TestCase((ushort)0x0009, (ushort)8, UnsupportedReason.Encrypted, TestName = "ZipCrypto with data descriptor")]
    [TestCase((ushort)0x0001, (ushort)12, UnsupportedReason.Encrypted, TestName = "Encryption reported before method")]
    [TestCase((ushort)0x0001, (ushort)99, UnsupportedReason.AesEncrypted, TestName = "WinZip AES (7-Zip AES256)")]
    [TestCase((ushort)0x0000, (ushort)99, UnsupportedReason.AesEncrypted, TestName = "Method 99 without bit 0")]
    [TestCase((ushort)0x0041, (ushort)8, UnsupportedReason.StrongEncryption, TestName = "PKWARE strong encryption")]
    [TestCase((ushort)0x2000, (ushort)8, UnsupportedReason.StrongEncryption, TestName = "Masked central directory")]
    public void Check_EncryptedEntry_IsUnsupported(ushort flags, ushort method, UnsupportedReason expected)
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
