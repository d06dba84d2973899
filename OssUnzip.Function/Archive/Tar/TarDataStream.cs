using System.Globalization;

namespace OssUnzip.Function.Archive.Tar;

/// <summary>
/// Exactly one member's stored bytes from the tar stream, front to back. Reads are capped at what the
/// member has left; a tar stream that ends before them is <c>truncated</c>, never a short member. Does
/// not own the tar stream.
/// </summary>
internal sealed class TarDataStream(Stream tar, long length, string memberName) : Stream
{
    private long _position;
    private bool _disposed;

    public long Remaining => length - _position;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || Remaining == 0)
        {
            return 0;
        }

        var read = tar.Read(buffer[..(int)Math.Min(buffer.Length, Remaining)]);
        return Advance(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return buffer.IsEmpty || Remaining == 0 ? ValueTask.FromResult(0) : ReadCoreAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await tar.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Remaining)], cancellationToken).ConfigureAwait(false);
        return Advance(read);
    }

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.Truncated,
                string.Create(CultureInfo.InvariantCulture, $"The archive ends inside member '{memberName}', {Remaining} of its {length} bytes short."),
                [memberName]);
        }

        _position += read;
        return read;
    }

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
