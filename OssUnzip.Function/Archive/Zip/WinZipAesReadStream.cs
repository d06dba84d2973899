using System.Security.Cryptography;
using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Decrypts a WinZip AES entry's encrypted data (what follows the salt and verifier) and checks its
/// authentication code: HMAC-SHA1 over the encrypted bytes, its first 10 bytes stored after them
/// (docs/facts.md §18). The code is checked when the last encrypted byte has been read, before the end is
/// reported, so a reader that reads to the end never accepts unauthenticated data; a mismatch is
/// <see cref="EntryCorruptException"/>. Reads at most <c>encryptedLength</c> + 10 bytes from the inner
/// stream, which it does not own. Async-only, like the ranged stream under it.
/// </summary>
internal sealed class WinZipAesReadStream : Stream
{
    private readonly Stream _inner;
    private readonly WinZipAesCtr _ctr;
    private readonly IncrementalHash _hmac;
    private readonly string _entryName;
    private long _remaining;
    private bool _verified;
    private bool _disposed;

    public WinZipAesReadStream(Stream inner, WinZipAesKeys keys, long encryptedLength, string entryName)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfNegative(encryptedLength);
        _inner = inner;
        _ctr = new WinZipAesCtr(keys.AesKey);
#pragma warning disable CA5350 // HMAC-SHA1 is fixed by the WinZip AES format.
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.HmacKey);
#pragma warning restore CA5350
        _remaining = encryptedLength;
        _entryName = entryName;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Entry data is read asynchronously; use ReadAsync.");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return buffer.IsEmpty ? ValueTask.FromResult(0) : ReadCoreAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_remaining == 0)
        {
            await VerifyAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var read = await _inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EntryCorruptException(_entryName, $"Entry '{_entryName}' ends inside its encrypted data.");
        }

        var span = buffer.Span[..read];
        _hmac.AppendData(span);
        _ctr.Transform(span);
        _remaining -= read;
        return read;
    }

    private async ValueTask VerifyAsync(CancellationToken cancellationToken)
    {
        if (_verified)
        {
            return;
        }

        var stored = new byte[WinZipAesKeys.AuthenticationCodeLength];
        var filled = 0;
        while (filled < stored.Length)
        {
            var read = await _inner.ReadAsync(stored.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EntryCorruptException(_entryName, $"Entry '{_entryName}' ends before its authentication code.");
            }

            filled += read;
        }

        var computed = _hmac.GetHashAndReset();
        if (!CryptographicOperations.FixedTimeEquals(computed.AsSpan(0, stored.Length), stored))
        {
            throw new EntryCorruptException(_entryName, $"Entry '{_entryName}' fails its WinZip AES authentication code check.");
        }

        _verified = true;
    }

    /// <summary>Reads what is left of the encrypted data and checks the code (after a decoder stopped before the end).</summary>
    public async ValueTask DrainAndVerifyAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var scratch = new byte[4096];
        while (await ReadCoreAsync(scratch, cancellationToken).ConfigureAwait(false) != 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _ctr.Dispose();
            _hmac.Dispose();
        }

        _disposed = true;
        base.Dispose(disposing);
    }
}
