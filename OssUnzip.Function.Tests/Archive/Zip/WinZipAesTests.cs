using System.Security.Cryptography;
using System.Text;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Zip;

internal sealed class WinZipAesTests
{
    [Test]
    public void Transform_Sp800_38aCtrVectorFirstBlock_MatchesTheStandard()
    {
        // NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), block #1: our CTR composes the BCL's AES block
        // transform with a counter; SP 800-38A counts big-endian, WinZip little-endian, so only the
        // first block (the given initial counter) is a shared vector.
        var key = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");
        var counter = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        var data = Convert.FromHexString("6bc1bee22e409f96e93d7e117393172a");
        using var ctr = new WinZipAesCtr(key, counter);

        ctr.Transform(data);

        Assert.That(Convert.ToHexStringLower(data), Is.EqualTo("874d6191b620e3261bef6864990db6ce"));
    }

    [Test]
    public void Transform_CounterStartsAtOneAndCountsLittleEndian()
    {
        var key = new byte[32];
        var data = new byte[48];
        using var ctr = new WinZipAesCtr(key);

        ctr.Transform(data.AsSpan(0, 5));
        ctr.Transform(data.AsSpan(5));

        using var aes = Aes.Create();
        aes.Key = key;
        var counters = new byte[48];
        counters[0] = 1;
        counters[16] = 2;
        counters[32] = 3;
        Assert.That(data, Is.EqualTo(aes.EncryptEcb(counters, PaddingMode.None)));
    }

    [Test]
    public void Derive_Aes128_SplitsPbkdf2OutputIntoKeysAndVerifier()
    {
        // Expected: python3 -c "import hashlib; print(hashlib.pbkdf2_hmac('sha1', b'Secret pass 42', bytes.fromhex('0102030405060708'), 1000, 34).hex())"
        const string derived = "e925d8644f19aa9f0e9293df991d4c2b7007365a08edbde14bfda22ab2e573507de2";

        var keys = WinZipAesKeys.Derive(Encoding.UTF8.GetBytes("Secret pass 42"), Convert.FromHexString("0102030405060708"), strength: 1);

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(keys.AesKey), Is.EqualTo(derived[..32]));
            Assert.That(Convert.ToHexStringLower(keys.HmacKey), Is.EqualTo(derived[32..64]));
            Assert.That(keys.Verifier, Is.EqualTo(0xe27d), "the last two bytes, read little-endian");
        });
    }

    [TestCase((byte)1, 8, 16)]
    [TestCase((byte)2, 12, 24)]
    [TestCase((byte)3, 16, 32)]
    public void SaltAndKeyLength_Strength_AsTheSpecificationSays(byte strength, int salt, int key)
    {
        Assert.Multiple(() =>
        {
            Assert.That(WinZipAesKeys.SaltLength(strength), Is.EqualTo(salt));
            Assert.That(WinZipAesKeys.KeyLength(strength), Is.EqualTo(key));
            Assert.That(WinZipAesKeys.Overhead(strength), Is.EqualTo(salt + 2 + 10));
        });
    }

    [Test]
    public async Task ReadAsync_EncryptedWithCode_DecryptsAndChecksTheCode()
    {
        var (stored, plain, keys) = Encrypt("some plain bytes that span more than one block"u8.ToArray());
        var stream = new WinZipAesReadStream(new MemoryStream(stored), keys, plain.Length, "e.txt");

        var read = new MemoryStream();
        await stream.CopyToAsync(read);

        Assert.That(read.ToArray(), Is.EqualTo(plain));
    }

    [Test]
    public void ReadAsync_TamperedData_FailsTheAuthenticationCode()
    {
        var (stored, plain, keys) = Encrypt(new byte[100]);
        stored[50] ^= 1;
        var stream = new WinZipAesReadStream(new MemoryStream(stored), keys, plain.Length, "e.txt");

        Assert.That(async () => await stream.CopyToAsync(Stream.Null), Throws.TypeOf<EntryCorruptException>().With.Message.Contains("authentication code"));
    }

    /// <summary>Encrypts as WinZip AES does, with the BCL pieces directly: data, then HMAC-SHA1's first 10 bytes.</summary>
    private static (byte[] Stored, byte[] Plain, WinZipAesKeys Keys) Encrypt(byte[] plain)
    {
        var keys = WinZipAesKeys.Derive("pw"u8, new byte[16], strength: 3);
        var encrypted = plain.ToArray();
        using (var ctr = new WinZipAesCtr(keys.AesKey))
        {
            ctr.Transform(encrypted);
        }

#pragma warning disable CA5350 // The format's MAC.
        var code = HMACSHA1.HashData(keys.HmacKey, encrypted)[..10];
#pragma warning restore CA5350
        return ([.. encrypted, .. code], plain, keys);
    }
}
