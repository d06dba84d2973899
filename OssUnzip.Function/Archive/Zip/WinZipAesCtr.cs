using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// AES in counter mode as WinZip AES uses it (docs/facts.md §18): the key stream is the AES encryption
/// of a 16-byte counter block whose first 8 bytes are a little-endian counter starting at 1 (the rest
/// zero), and data is XORed with it. The BCL has no CTR mode; this composes it from the BCL's AES block
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
    private ulong _counter;
    private int _keyStreamOffset;
    private int _keyStreamLength;

    /// <param name="firstCounter">The counter of the first block: 1 in WinZip AES; other values only for test vectors.</param>
    public WinZipAesCtr(byte[] key, ulong firstCounter = 1)
    {
        _aes = Aes.Create();
        _aes.Key = key;
        _counter = firstCounter;
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
        Array.Clear(_counters, 0, length);
        for (var i = 0; i < blocks; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_counters.AsSpan(i * BlockSize), _counter++);
        }

#pragma warning disable CA5358 // ECB over counter blocks is how CTR mode is built; each block is a distinct counter.
        _keyStreamLength = _aes.EncryptEcb(_counters.AsSpan(0, length), _keyStream, PaddingMode.None);
#pragma warning restore CA5358
        _keyStreamOffset = 0;
    }

    public void Dispose() => _aes.Dispose();
}
