using System.Text;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Zip;

internal sealed class ZipCryptoKeysTests
{
    [Test]
    public void Decrypt_KnownBytes_MatchesCPythonsIndependentImplementation()
    {
        // Expected: python3 -c "import zipfile; print(zipfile._ZipDecrypter(b'Secret pass 42')(bytes(range(16))).hex())"
        var data = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var keys = new ZipCryptoKeys(Encoding.UTF8.GetBytes("Secret pass 42"));

        keys.Decrypt(data);

        Assert.That(Convert.ToHexStringLower(data), Is.EqualTo("a28eb64f3cea0942617e48a9e3555bd9"));
    }

    [Test]
    public void Decrypt_InPieces_SameAsAtOnce()
    {
        var whole = Enumerable.Range(0, 40).Select(i => (byte)(i * 7)).ToArray();
        var pieces = whole.ToArray();
        new ZipCryptoKeys("pw"u8).Decrypt(whole);

        var keys = new ZipCryptoKeys("pw"u8);
        keys.Decrypt(pieces.AsSpan(0, 3));
        keys.Decrypt(pieces.AsSpan(3, 30));
        keys.Decrypt(pieces.AsSpan(33));

        Assert.That(pieces, Is.EqualTo(whole));
    }

    [TestCase((ushort)0x0001, 0xAB123456u, (ushort)0x6000, (byte)0xAB, TestName = "Without a data descriptor: the CRC-32's high byte")]
    [TestCase((ushort)0x0009, 0xAB123456u, (ushort)0x6012, (byte)0x60, TestName = "With a data descriptor (bit 3): the DOS time's high byte")]
    public void CheckByte_Flags_PicksTheFieldInfoZipWrites(ushort flags, uint crc, ushort time, byte expected)
    {
        Assert.That(ZipCryptoKeys.CheckByte(flags, crc, time), Is.EqualTo(expected));
    }
}
