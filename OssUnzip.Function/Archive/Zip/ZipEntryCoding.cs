using System.Buffers.Binary;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// How an entry's stored bytes become its content, from its central record: the encryption, the real
/// compression method (inside the 0x9901 extra field for WinZip AES, whose method field says 99), and for
/// AES the key strength and vendor version (AE-1 keeps the CRC-32, AE-2 stores 0 and relies on the
/// authentication code). docs/facts.md §18. <see cref="AesStrength"/> and <see cref="AesVendorVersion"/>
/// are 0 unless <see cref="Encryption"/> is WinZip AES; <see cref="IsValid"/> is false for an AES entry
/// whose extra field is missing or malformed.
/// </summary>
internal readonly record struct ZipEntryCoding(ZipEncryption Encryption, ushort Method, byte AesStrength, ushort AesVendorVersion, bool IsValid)
{
    public const ushort WinZipAesMethod = 99;
    public const ushort WinZipAesExtraId = 0x9901;
    private const ushort EncryptedFlag = 1 << 0;
    private const ushort AesVendorId = 0x4541; // "AE"

    /// <summary>Read by ZipArchive itself: unencrypted Stored, Deflate or Deflate64.</summary>
    public bool ReadByZipArchive => Encryption == ZipEncryption.None && Method is 0 or 8 or 9;

    /// <summary>Whether the CRC-32 in the central record is to be checked (AE-2 stores none).</summary>
    public bool HasCrc => !(Encryption == ZipEncryption.WinZipAes && AesVendorVersion == 2);

    public static ZipEntryCoding Of(ZipCentralEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Of(entry.Flags, entry.Method, entry.Extra.Span);
    }

    public static ZipEntryCoding Of(ushort flags, ushort method, ReadOnlySpan<byte> extra)
    {
        if (method == WinZipAesMethod)
        {
            return FindAesExtra(extra) is { Length: 7 } aes
                && BinaryPrimitives.ReadUInt16LittleEndian(aes) is 1 or 2
                && BinaryPrimitives.ReadUInt16LittleEndian(aes[2..]) == AesVendorId
                && aes[4] is >= 1 and <= 3
                    ? new(ZipEncryption.WinZipAes, BinaryPrimitives.ReadUInt16LittleEndian(aes[5..]), aes[4], BinaryPrimitives.ReadUInt16LittleEndian(aes), IsValid: true)
                    : new(ZipEncryption.WinZipAes, method, 0, 0, IsValid: false);
        }

        return new((flags & EncryptedFlag) != 0 ? ZipEncryption.ZipCrypto : ZipEncryption.None, method, 0, 0, IsValid: true);
    }

    /// <summary>The data of the 0x9901 field, or an empty span when there is none.</summary>
    private static ReadOnlySpan<byte> FindAesExtra(ReadOnlySpan<byte> extra)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + size > extra.Length)
            {
                return [];
            }

            if (id == WinZipAesExtraId)
            {
                return extra.Slice(4, size);
            }

            extra = extra[(4 + size)..];
        }

        return [];
    }
}
