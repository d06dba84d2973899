namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>
/// A <see cref="SevenZipSubArchive"/> as a seekable read-only stream: its signature header and header
/// from memory, its packed streams read from <c>source</c> (the whole archive, seekable: a
/// <see cref="SevenZipSourceStream"/> in the service) at their original offsets. Only the range's
/// bytes are ever asked of the source. The source is not disposed with the view.
/// </summary>
internal sealed class SevenZipSubArchiveStream(Stream source, SevenZipSubArchive part) : Stream
{
    private long _position;
    private bool _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length => part.Length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => part.Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, null),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (FromMemory(buffer.Length) is { } memory)
        {
            memory.Span.CopyTo(buffer);
            _position += memory.Length;
            return memory.Length;
        }

        source.Position = part.SourceOffset + (_position - SevenZipHeaderReader.SignatureHeaderBytes);
        var read = source.Read(buffer[..PackedCount(buffer.Length)]);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (FromMemory(buffer.Length) is { } memory)
        {
            memory.CopyTo(buffer);
            _position += memory.Length;
            return memory.Length;
        }

        source.Position = part.SourceOffset + (_position - SevenZipHeaderReader.SignatureHeaderBytes);
        var read = await source.ReadAsync(buffer[..PackedCount(buffer.Length)], cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    /// <summary>The bytes to give from memory (signature header, header, or none past the end); null where the packed streams are.</summary>
    private ReadOnlyMemory<byte>? FromMemory(int count)
    {
        var packedStart = (long)SevenZipHeaderReader.SignatureHeaderBytes;
        var headerStart = packedStart + part.SourceLength;
        if (_position < packedStart)
        {
            return part.SignatureHeader.AsMemory((int)_position, (int)Math.Min(count, packedStart - _position));
        }

        if (_position >= headerStart)
        {
            var at = (int)Math.Min(_position - headerStart, part.Header.Length);
            return part.Header.AsMemory(at, Math.Min(count, part.Header.Length - at));
        }

        if (count == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return null;
    }

    private int PackedCount(int count) => (int)Math.Min(count, SevenZipHeaderReader.SignatureHeaderBytes + part.SourceLength - _position);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
