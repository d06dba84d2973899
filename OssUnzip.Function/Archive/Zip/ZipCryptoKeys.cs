namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// The traditional PKWARE ("ZipCrypto") key state, exactly as APPNOTE 6.1.5-6.1.6 defines it: three
/// 32-bit keys seeded with fixed values, updated with every password byte and then with every plaintext
/// byte through the CRC-32 table step (docs/facts.md §18). SharpCompress has this only as internal
/// types, so it is written from the specification (decision 0028); it is part of the ZIP format, not a
/// general-purpose cipher. Mutable: one instance decrypts one entry, front to back.
/// </summary>
internal sealed class ZipCryptoKeys
{
    /// <summary>The 12-byte encryption header that precedes each entry's data.</summary>
    public const int HeaderLength = 12;

    private static readonly uint[] s_crcTable = BuildCrcTable();

    private uint _key0 = 0x12345678;
    private uint _key1 = 0x23456789;
    private uint _key2 = 0x34567890;

    public ZipCryptoKeys(ReadOnlySpan<byte> password)
    {
        foreach (var b in password)
        {
            Update(b);
        }
    }

    /// <summary>Decrypts <paramref name="data"/> in place, advancing the keys.</summary>
    public void Decrypt(Span<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var plain = (byte)(data[i] ^ KeyStreamByte());
            Update(plain);
            data[i] = plain;
        }
    }

    /// <summary>
    /// The byte the decrypted header's last byte must equal: the CRC-32's high byte, or with a data
    /// descriptor (flag bit 3) the high byte of the DOS modification time, as Info-ZIP writes it.
    /// </summary>
    public static byte CheckByte(ushort flags, uint crc32, ushort dosTime) =>
        (flags & (1 << 3)) != 0 ? (byte)(dosTime >> 8) : (byte)(crc32 >> 24);

    private byte KeyStreamByte()
    {
        var temp = (_key2 | 2) & 0xFFFF;
        return (byte)(unchecked(temp * (temp ^ 1)) >> 8);
    }

    private void Update(byte plain)
    {
        _key0 = Crc32Step(_key0, plain);
        _key1 = unchecked(((_key1 + (_key0 & 0xFF)) * 134775813) + 1);
        _key2 = Crc32Step(_key2, (byte)(_key1 >> 24));
    }

    private static uint Crc32Step(uint crc, byte b) => (crc >> 8) ^ s_crcTable[(crc ^ b) & 0xFF];

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
