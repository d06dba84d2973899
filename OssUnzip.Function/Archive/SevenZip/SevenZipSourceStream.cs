using System.Buffers;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>
/// The seekable view of a 7z archive handed to SharpCompress: a few <see cref="RangedReadStream"/>
/// cursors over the one object version, each read continuing where it stands, so a folder whose
/// coders read several packed streams side by side (BCJ2 reads four) keeps one open response per
/// stream instead of reopening a GET at every switch. A read goes to the cursor standing at the
/// position, else to the least recently used one, moved there. A seek only moves
/// <see cref="Position"/>. <see cref="BytesRead"/> counts what the archive gave, so a test can hold
/// the reader to one pass over the packed data.
/// <para>
/// Synchronous reads: SharpCompress 0.50.8 decodes 7z folders with ReadAsync, except that a few decoder
/// set-ups (the LZMA range coder's first bytes, PPMd, BZip2's signature, BCJ2's four inputs) read their
/// first buffer through a synchronous Read. Those reads block on the async ranged read: the one place
/// the service waits synchronously on I/O, a handful of times per folder (decision 0029).
/// </para>
/// </summary>
internal sealed class SevenZipSourceStream : Stream
{
    /// <summary>BCJ2 reads four packed streams at once; one more keeps the header reads apart.</summary>
    internal const int Cursors = 5;

    private readonly IObjectStore _store;
    private readonly ArchiveSource _source;
    private readonly RangedReadSettings _settings;
    private readonly Action? _resumed;
    private readonly List<(RangedReadStream Stream, long LastUse)> _cursors = [];
    private long _position;
    private long _uses;
    private int _closedRequests;
    private bool _disposed;

    public SevenZipSourceStream(IObjectStore store, ArchiveSource source, RangedReadSettings settings, Action? resumed = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        (_store, _source, _settings, _resumed) = (store, source, settings, resumed);
    }

    /// <summary>Bytes the archive has given through this view.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Ranged GETs opened by every cursor so far.</summary>
    public int RequestCount => _closedRequests + _cursors.Sum(c => c.Stream.RequestCount);

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _source.Version.Length;
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
            SeekOrigin.End => _source.Version.Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, null),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // See the type's remarks: a decoder's set-up read, blocking on the async ranged read.
        return ReadCoreAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ReadCoreAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty || _position >= _source.Version.Length)
        {
            return 0;
        }

        var cursor = await CursorAtAsync(_position).ConfigureAwait(false);
        var read = await cursor.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        BytesRead += read;
        return read;
    }

    private async ValueTask<RangedReadStream> CursorAtAsync(long position)
    {
        _uses++;
        var index = _cursors.FindIndex(c => c.Stream.Position == position);
        if (index < 0 && _cursors.Count < Cursors)
        {
            _cursors.Add((new RangedReadStream(_store, _source, _settings, resumed: _resumed) { Position = position }, 0));
            index = _cursors.Count - 1;
        }
        else if (index < 0)
        {
            index = Enumerable.Range(0, _cursors.Count).MinBy(i => _cursors[i].LastUse);
        }

        var stream = _cursors[index].Stream;
        if (stream.Position != position)
        {
            // A cursor moved elsewhere starts a fresh GET there: RangedReadStream would read through a short
            // forward gap, and here the gap is usually another packed stream that its own cursor reads.
            _closedRequests += stream.RequestCount;
            await stream.DisposeAsync().ConfigureAwait(false);
            stream = new RangedReadStream(_store, _source, _settings, resumed: _resumed) { Position = position };
        }

        _cursors[index] = (stream, _uses);
        return stream;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // Disposing a RangedReadStream closes a network response: only DisposeAsync does that.
        _disposed = true;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed && _cursors.Count == 0)
        {
            return;
        }

        _disposed = true;
        foreach (var (stream, _) in _cursors)
        {
            _closedRequests += stream.RequestCount;
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        _cursors.Clear();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
