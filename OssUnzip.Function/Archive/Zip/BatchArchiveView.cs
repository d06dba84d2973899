using System.Buffers;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// A seekable, read-only stream that looks to ZipArchive like an archive holding only some entries:
/// positions before the central-directory offset are the real archive bytes (read lazily from the
/// source, shifted past any prepended data), and the rest is a synthesized directory of just those
/// entries (<see cref="SyntheticCentralDirectory"/>). Each parallel reader opens its own small ZipArchive
/// this way, so the full directory is parsed once and never held once per reader.
/// Small reads go through a buffer: ZipArchive reads each local header twice (seeking back a few
/// bytes), and a backward seek on the source would cost a new ranged GET. Refills stop at
/// <c>readLimit</c> (the batch's end) so they never pull in another reader's bytes.
/// Does not own <c>source</c>; disposing the view leaves it open.
/// </summary>
internal sealed class BatchArchiveView : Stream
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _source;
    private readonly long _prefixLength;
    private readonly long _dataLength;
    private readonly long _readLimit;
    private readonly ReadOnlyMemory<byte> _directory;
    private byte[]? _buffer;
    private long _bufferStart;
    private int _bufferCount;
    private long _position;
    private bool _disposed;

    public BatchArchiveView(Stream source, long prefixLength, long directoryOffset, ReadOnlyMemory<byte> directory, long? readLimit = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfNegative(directoryOffset);
        _source = source;
        _prefixLength = prefixLength;
        _dataLength = directoryOffset;
        _readLimit = Math.Min(readLimit ?? directoryOffset, directoryOffset);
        _directory = directory;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _dataLength + _directory.Length;
        }
    }

    public override long Position
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position;
        }
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        _position = target;
        return target;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <summary>Synchronous reads are served only from the synthesized directory (no I/O there).</summary>
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= Length)
        {
            return 0;
        }

        if (_position < _dataLength)
        {
            throw new NotSupportedException("Archive data is read asynchronously; use ReadAsync.");
        }

        return ReadDirectory(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= Length)
        {
            return ValueTask.FromResult(0);
        }

        if (_position >= _dataLength)
        {
            return ValueTask.FromResult(ReadDirectory(buffer.Span));
        }

        return ReadDataAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadDataAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(buffer.Length, _dataLength - _position);
        if (_bufferCount == 0 || _position < _bufferStart || _position >= _bufferStart + _bufferCount)
        {
            if (wanted >= BufferSize)
            {
                _source.Position = _position + _prefixLength;
                var direct = await _source.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
                _position += direct;
                return direct;
            }

            await RefillAsync(cancellationToken).ConfigureAwait(false);
            if (_bufferCount == 0)
            {
                return 0;
            }
        }

        var offset = (int)(_position - _bufferStart);
        var count = Math.Min(wanted, _bufferCount - offset);
        _buffer.AsMemory(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    private async ValueTask RefillAsync(CancellationToken cancellationToken)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
        var limit = _position < _readLimit ? _readLimit : _dataLength;
        var length = (int)Math.Min(BufferSize, limit - _position);
        _source.Position = _position + _prefixLength;
        _bufferStart = _position;
        _bufferCount = 0;
        _bufferCount = await _source.ReadAsync(_buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
    }

    private int ReadDirectory(Span<byte> buffer)
    {
        var start = (int)(_position - _dataLength);
        var count = Math.Min(buffer.Length, _directory.Length - start);
        _directory.Span.Slice(start, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _disposed = true;
        base.Dispose(disposing);
    }
}
