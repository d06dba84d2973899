using System.Security.Cryptography;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// AES in counter mode as WinZip AES uses it (docs/facts.md §18): the key stream is the AES encryption
/// of a 16-byte counter block, a little-endian integer starting at 1, incremented after each block,
/// and data is XORed with it. The BCL has no CTR mode; this composes it from the BCL's AES block
/// transform (ECB over counter blocks), which is the whole of CTR: no cipher is written here
/// (decision 0028). Mutable: one instance per entry, applied front to back.
/// </summary>
internal sealed class WinZipAesCtr : IDisposable
{
    private const int BlockSize = 16;
    private const int BlocksPerBatch = 256;

    private readonly Aes _aes;
    private readonly byte[] _counters = new byte[BlockSize * BlocksPerBatch];
    private readonly byte[] _keyStream = new byte[BlockSize * BlocksPerBatch];
    private readonly byte[] _counter = new byte[BlockSize];
    private int _keyStreamOffset;
    private int _keyStreamLength;

    public WinZipAesCtr(byte[] key)
        : this(key, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    {
    }

    /// <param name="firstCounter">The first counter block: 1 (little-endian) in WinZip AES; another only for test vectors.</param>
    internal WinZipAesCtr(byte[] key, ReadOnlySpan<byte> firstCounter)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(firstCounter.Length, BlockSize);
        _aes = Aes.Create();
        _aes.Key = key;
        firstCounter.CopyTo(_counter);
    }

    /// <summary>XORs <paramref name="data"/> with the next key-stream bytes (encryption and decryption are the same).</summary>
    public void Transform(Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_keyStreamOffset == _keyStreamLength)
            {
                RefillKeyStream((data.Length + BlockSize - 1) / BlockSize);
            }

            var count = Math.Min(data.Length, _keyStreamLength - _keyStreamOffset);
            for (var i = 0; i < count; i++)
            {
                data[i] ^= _keyStream[_keyStreamOffset + i];
            }

            _keyStreamOffset += count;
            data = data[count..];
        }
    }

    private void RefillKeyStream(int blocksWanted)
    {
        var blocks = Math.Clamp(blocksWanted, 1, BlocksPerBatch);
        var length = blocks * BlockSize;
        for (var i = 0; i < blocks; i++)
        {
            _counter.CopyTo(_counters, i * BlockSize);
            Increment(_counter);
        }

#pragma warning disable CA5358 // ECB over counter blocks is how CTR mode is built; each block is a distinct counter.
        _keyStreamLength = _aes.EncryptEcb(_counters.AsSpan(0, length), _keyStream, PaddingMode.None);
#pragma warning restore CA5358
        _keyStreamOffset = 0;
    }

    /// <summary>Adds one to a little-endian 128-bit integer.</summary>
    private static void Increment(byte[] counter)
    {
        for (var i = 0; i < counter.Length && ++counter[i] == 0; i++)
        {
        }
    }

    public void Dispose() => _aes.Dispose();
}
