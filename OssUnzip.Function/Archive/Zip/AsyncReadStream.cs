namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Base of the small read-only, forward-only, async-only wrappers an entry's bytes pass through on their
/// way to its decoder (the ranged stream below them has no synchronous API). Subclasses implement
/// <see cref="ReadCoreAsync"/>; argument, disposed and empty-buffer checks are made here.
/// <see cref="Position"/> counts the bytes read (decoders such as SharpCompress's xz reader ask for it
/// to find block padding); it cannot be set.
/// </summary>
internal abstract class AsyncReadStream : Stream
{
    private bool _disposed;
    private long _position;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position;
        }

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
        return buffer.IsEmpty ? ValueTask.FromResult(0) : CountAsync(ReadCoreAsync(buffer, cancellationToken));
    }

    private async ValueTask<int> CountAsync(ValueTask<int> read)
    {
        var count = await read.ConfigureAwait(false);
        _position += count;
        return count;
    }

    protected abstract ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
