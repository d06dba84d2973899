using System.Buffers;
using System.Net.Http;
using Amazon.Runtime;

namespace OssUnzip.Function.Storage;

/// <summary>
/// A seekable, read-only view of one object version backed by ranged GETs, so ZipArchive can read an
/// archive in place instead of copying it into memory (docs/facts.md §6).
/// Invariants: a seek only moves <see cref="Position"/> (no I/O); sequential reads continue one open
/// response; every range is pinned to the ETag seen first; reads never go past <see cref="Length"/>.
/// Async-only: the S3 client has no synchronous API, and blocking on it would be sync-over-async.
/// </summary>
internal sealed class RangedReadStream : Stream
{
    private readonly IObjectStore _store;
    private readonly ArchiveSource _source;
    private readonly ObjectVersion _version;
    private readonly RangedReadSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly Action? _resumed;

    private Stream? _response;
    private long _responsePosition;
    private long _responseEnd;
    private long _position;
    private long _readUntil;
    private bool _disposed;

    /// <param name="resumed">Called each time a failed read is retried by reopening the range (for metrics).</param>
    public RangedReadStream(IObjectStore store, ArchiveSource source, RangedReadSettings settings, TimeProvider? timeProvider = null, Action? resumed = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        _store = store;
        _source = source;
        _version = source.Version;
        _settings = settings;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _resumed = resumed;
    }

    /// <summary>Ranged GETs opened so far (including reopens after a failure).</summary>
    public int RequestCount { get; private set; }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _version.Length;
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

    /// <summary>
    /// A GET opened before <paramref name="endExclusive"/> ends exactly there, so a reader that knows its
    /// span (a batch of entries) fetches it with one request that is read to its end; reads past it fall
    /// back to read-ahead.
    /// </summary>
    public void ReadUntil(long endExclusive)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(endExclusive);
        _readUntil = Math.Min(endExclusive, _version.Length);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _version.Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        _position = target;
        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        throw new NotSupportedException("RangedReadStream is async-only; use ReadAsync.");
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= _version.Length)
        {
            return ValueTask.FromResult(0);
        }

        return ReadCoreAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await PositionResponseAsync(cancellationToken).ConfigureAwait(false);
                var wanted = (int)Math.Min(buffer.Length, _responseEnd - _position);
                var read = await response.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The ranged response for '{_source.Key}' ended at offset {_position}, before {_responseEnd}.");
                }

                _position += read;
                _responsePosition = _position;
                if (_responsePosition == _responseEnd)
                {
                    await CloseResponseAsync().ConfigureAwait(false);
                }

                return read;
            }
            catch (Exception e) when (IsResumable(e, cancellationToken) && attempt < _settings.ResumeAttempts)
            {
                await CloseResponseAsync().ConfigureAwait(false);
                _resumed?.Invoke();
                var delay = _settings.ResumeBaseDelay * Math.Pow(2, attempt);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Dropped connections and retryable store errors; never a changed source or a cancellation.</summary>
    private static bool IsResumable(Exception e, CancellationToken cancellationToken) => e switch
    {
        SourceChangedException => false,
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        IOException or HttpRequestException or OperationCanceledException => true,
        AmazonServiceException service => (int)service.StatusCode >= 500 || (int)service.StatusCode == 429 || service.Retryable is not null,
        _ => false,
    };

    private async ValueTask<Stream> PositionResponseAsync(CancellationToken cancellationToken)
    {
        if (_response is not null && _responsePosition != _position)
        {
            var gap = _position - _responsePosition;
            if (gap > 0 && gap <= _settings.MaxSkipBytes && _position < _responseEnd)
            {
                await SkipAsync(_response, gap, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CloseResponseAsync().ConfigureAwait(false);
            }
        }

        if (_response is null)
        {
            // A declared span is fetched exactly: the bytes after it belong to another reader's batch, and a
            // response dropped early costs the store what it already sent and the connection its reuse.
            var end = _readUntil > _position ? _readUntil : Math.Min(_version.Length, _position + _settings.ReadAheadBytes);
            _response = await _store.OpenRangeAsync(_source, _position, end, cancellationToken).ConfigureAwait(false);
            RequestCount++;
            _responsePosition = _position;
            _responseEnd = end;
        }

        return _response;
    }

    private async ValueTask SkipAsync(Stream response, long count, CancellationToken cancellationToken)
    {
        var scratch = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, 64 * 1024));
        try
        {
            while (count > 0)
            {
                var read = await response.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count, scratch.Length)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The ranged response for '{_source.Key}' ended at offset {_responsePosition}, before {_responseEnd}.");
                }

                count -= read;
                _responsePosition += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async ValueTask CloseResponseAsync()
    {
        var response = _response;
        _response = null;
        if (response is not null)
        {
            await response.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        throw new NotSupportedException();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _response?.Dispose();
            _response = null;
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await CloseResponseAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
