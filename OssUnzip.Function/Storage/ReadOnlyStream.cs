namespace OssUnzip.Function.Storage;

/// <summary>
/// What every read-only stream of ours has in common, written once in System.IO.Compression's habits
/// (SubReadStream, WrappedStream): every member checks disposed, then capability; the byte[] overloads
/// validate and forward to the Span/Memory ones, which a derived stream implements; writing, SetLength
/// and (for a forward-only stream) Length, Position and Seek are not supported. A seekable stream
/// (<c>canSeek</c>) gives its length and reads from <see cref="ReadPosition"/>: a seek only moves that
/// position (no I/O; past the end is allowed and reads 0, before the start is an IOException). Dispose
/// is idempotent; a derived stream releases what it holds in <see cref="DisposeResources"/> (and
/// <see cref="DisposeResourcesAsync"/> where that can be async), called once.
/// </summary>
internal abstract class ReadOnlyStream : Stream
{
    private readonly bool _canSeek;

    protected ReadOnlyStream(bool canSeek) => _canSeek = canSeek;

    protected bool IsDisposed { get; private set; }

    /// <summary>A seekable stream's position, which reads advance and seeks move.</summary>
    protected long ReadPosition { get; set; }

    /// <summary>A seekable stream's length (read only after the disposed check).</summary>
    protected virtual long StreamLength => throw new NotSupportedException();

    public override bool CanRead => !IsDisposed;

    public override bool CanSeek => _canSeek && !IsDisposed;

    public sealed override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ThrowIfDisposed();
            return _canSeek ? StreamLength : throw new NotSupportedException();
        }
    }

    public override long Position
    {
        get
        {
            ThrowIfDisposed();
            return _canSeek ? ReadPosition : throw new NotSupportedException();
        }
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ThrowIfDisposed();
        if (!_canSeek)
        {
            throw new NotSupportedException();
        }

        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => ReadPosition + offset,
            SeekOrigin.End => StreamLength + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        ReadPosition = target;
        return target;
    }

    public sealed override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public abstract override int Read(Span<byte> buffer);

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public sealed override void Flush()
    {
    }

    public sealed override void SetLength(long value)
    {
        ThrowIfDisposed();
        throw new NotSupportedException();
    }

    public sealed override void Write(byte[] buffer, int offset, int count)
    {
        ThrowIfDisposed();
        throw new NotSupportedException();
    }

    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    /// <summary>Releases what the stream holds; called once, on the first Dispose.</summary>
    protected virtual void DisposeResources()
    {
    }

    /// <summary>Releases what the stream holds; called once, on the first DisposeAsync. By default <see cref="DisposeResources"/>.</summary>
    protected virtual ValueTask DisposeResourcesAsync()
    {
        DisposeResources();
        return ValueTask.CompletedTask;
    }

    protected sealed override void Dispose(bool disposing)
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            if (disposing)
            {
                DisposeResources();
            }
        }

        base.Dispose(disposing);
    }

    public sealed override async ValueTask DisposeAsync()
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            await DisposeResourcesAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
