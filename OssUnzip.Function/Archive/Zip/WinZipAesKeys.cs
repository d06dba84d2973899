using System.Security.Cryptography;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// WinZip AES key material for one entry (WinZip "AES Encryption Information", docs/facts.md §18):
/// PBKDF2 with HMAC-SHA1 and 1000 iterations over the password and the entry's salt (8, 12 or 16 bytes
/// for AES-128/192/256) yields the AES key, the HMAC-SHA1 key (each as long as the AES key) and a 2-byte
/// password verifier, in that order. SHA-1 and the iteration count are the format's, not a choice.
/// </summary>
internal sealed class WinZipAesKeys
{
    public const int VerifierLength = 2;
    public const int AuthenticationCodeLength = 10;
    public const int Iterations = 1000;

    private WinZipAesKeys(byte[] aesKey, byte[] hmacKey, ushort verifier)
    {
        AesKey = aesKey;
        HmacKey = hmacKey;
        Verifier = verifier;
    }

    public byte[] AesKey { get; }

    public byte[] HmacKey { get; }

    /// <summary>The 2 bytes stored after the salt, as read little-endian.</summary>
    public ushort Verifier { get; }

    /// <summary>Salt length for strength 1, 2, 3 (AES-128, -192, -256).</summary>
    public static int SaltLength(byte strength) => strength switch
    {
        1 => 8,
        2 => 12,
        3 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(strength), strength, "WinZip AES strength is 1, 2 or 3."),
    };

    public static int KeyLength(byte strength) => SaltLength(strength) * 2;

    /// <summary>Bytes the encryption adds to the compressed data: salt, verifier, authentication code.</summary>
    public static int Overhead(byte strength) => SaltLength(strength) + VerifierLength + AuthenticationCodeLength;

    public static WinZipAesKeys Derive(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, byte strength)
    {
        var keyLength = KeyLength(strength);
        ArgumentOutOfRangeException.ThrowIfNotEqual(salt.Length, SaltLength(strength));
#pragma warning disable CA5379, CA5387 // SHA-1 and 1000 iterations are fixed by the WinZip AES format.
        var derived = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA1, (2 * keyLength) + VerifierLength);
#pragma warning restore CA5379, CA5387
        return new WinZipAesKeys(derived[..keyLength], derived[keyLength..(2 * keyLength)], (ushort)(derived[2 * keyLength] | (derived[(2 * keyLength) + 1] << 8)));
    }
}
