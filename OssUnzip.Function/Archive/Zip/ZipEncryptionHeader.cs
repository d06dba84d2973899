using System.Buffers.Binary;
using System.Text;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// The bytes an encrypted entry's data starts with — ZipCrypto's 12-byte header, or WinZip AES's salt and
/// 2-byte password verifier — read once, so every configured password can be checked against them
/// without another read (docs/facts.md §18, §28). ZipCrypto's check is one byte (a wrong password passes
/// it 1 time in 256), WinZip AES's two bytes (1 in 65,536): passing is necessary, not sufficient; the
/// entry's CRC-32 or authentication code decides. Never holds a password.
/// </summary>
internal sealed class ZipEncryptionHeader
{
    private readonly ZipEncryption _encryption;
    private readonly byte _aesStrength;
    private readonly byte[] _bytes;
    private readonly byte _checkByte;

    private ZipEncryptionHeader(ZipEncryption encryption, byte aesStrength, byte[] bytes, byte checkByte)
    {
        _encryption = encryption;
        _aesStrength = aesStrength;
        _bytes = bytes;
        _checkByte = checkByte;
    }

    /// <summary>Bytes of stored data before the encrypted content (and, for AES, the 10-byte code after it).</summary>
    public long Overhead => _encryption == ZipEncryption.WinZipAes ? WinZipAesKeys.Overhead(_aesStrength) : ZipCryptoKeys.HeaderLength;

    /// <summary>Reads the header from the start of the entry's stored bytes (<paramref name="length"/> of them).</summary>
    /// <exception cref="Writing.EntryCorruptException">The stored data is shorter than the header (and, for AES, its code).</exception>
    public static async Task<ZipEncryptionHeader> ReadAsync(ZipCentralEntry entry, string entryName, Stream data, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var coding = ZipEntryCoding.Of(entry);
        if (coding.Encryption == ZipEncryption.WinZipAes)
        {
            if (length < WinZipAesKeys.Overhead(coding.AesStrength))
            {
                throw new Writing.EntryCorruptException(entryName, $"Entry '{entryName}' is shorter than its WinZip AES salt, verifier and authentication code.");
            }

            var head = await ZipEntryDecoder.ReadHeadAsync(data, WinZipAesKeys.SaltLength(coding.AesStrength) + WinZipAesKeys.VerifierLength, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
            return new ZipEncryptionHeader(ZipEncryption.WinZipAes, coding.AesStrength, head, 0);
        }

        var header = await ZipEntryDecoder.ReadHeadAsync(data, ZipCryptoKeys.HeaderLength, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
        var time = BinaryPrimitives.ReadUInt16LittleEndian(entry.Record.Span[ZipHeaderFields.Central.Time..]);
        return new ZipEncryptionHeader(ZipEncryption.ZipCrypto, 0, header, ZipCryptoKeys.CheckByte(entry.Flags, entry.Crc32, time));
    }

    /// <summary>The index of the first password from <paramref name="start"/> on that passes the verifier; -1 when none does.</summary>
    public int FirstPassing(IReadOnlyList<string> passwords, int start)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        for (var i = start; i < passwords.Count; i++)
        {
            if (_encryption == ZipEncryption.WinZipAes ? DeriveIfPassing(passwords[i]) is not null : ZipCryptoKeysIfPassing(passwords[i]) is not null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The decrypting stream over <paramref name="data"/> (positioned just after the header; <paramref name="length"/>
    /// is the whole stored length) when <paramref name="password"/> passes the verifier, else null.
    /// </summary>
    public Stream? TryOpen(string password, Stream data, long length, string entryName)
    {
        if (_encryption == ZipEncryption.WinZipAes)
        {
            return DeriveIfPassing(password) is { } aesKeys ? new WinZipAesReadStream(data, aesKeys, length - Overhead, entryName) : null;
        }

        return ZipCryptoKeysIfPassing(password) is { } keys ? new ZipCryptoReadStream(data, keys) : null;
    }

    private ZipCryptoKeys? ZipCryptoKeysIfPassing(string password)
    {
        var keys = new ZipCryptoKeys(Encoding.UTF8.GetBytes(password));
        var header = _bytes.ToArray();
        keys.Decrypt(header);
        return header[^1] == _checkByte ? keys : null;
    }

    private WinZipAesKeys? DeriveIfPassing(string password)
    {
        var saltLength = WinZipAesKeys.SaltLength(_aesStrength);
        var keys = WinZipAesKeys.Derive(Encoding.UTF8.GetBytes(password), _bytes.AsSpan(0, saltLength), _aesStrength);
        return BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(saltLength)) == keys.Verifier ? keys : null;
    }
}
