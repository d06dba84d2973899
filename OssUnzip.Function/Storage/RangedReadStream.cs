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
internal sealed class RangedReadStream : ReadOnlyStream
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
    private long _readUntil;

    /// <param name="resumed">Called each time a failed read is retried by reopening the range (for metrics).</param>
    public RangedReadStream(IObjectStore store, ArchiveSource source, RangedReadSettings settings, TimeProvider? timeProvider = null, Action? resumed = null)
        : base(canSeek: true)
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

    /// <summary>
    /// A GET opened before <paramref name="endExclusive"/> ends exactly there, so a reader that knows its
    /// span (a batch of entries) fetches it with one request that is read to its end; reads past it fall
    /// back to read-ahead.
    /// </summary>
    public void ReadUntil(long endExclusive)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(endExclusive);
        _readUntil = Math.Min(endExclusive, _version.Length);
    }

    protected override long StreamLength => _version.Length;

    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        throw new NotSupportedException("RangedReadStream is async-only; use ReadAsync.");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (buffer.IsEmpty || ReadPosition >= _version.Length)
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
                var wanted = (int)Math.Min(buffer.Length, _responseEnd - ReadPosition);
                var read = await response.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The ranged response for '{_source.Key}' ended at offset {ReadPosition}, before {_responseEnd}.");
                }

                ReadPosition += read;
                _responsePosition = ReadPosition;
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
        if (_response is not null && _responsePosition != ReadPosition)
        {
            var gap = ReadPosition - _responsePosition;
            if (gap > 0 && gap <= _settings.MaxSkipBytes && ReadPosition < _responseEnd)
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
            var end = _readUntil > ReadPosition ? _readUntil : Math.Min(_version.Length, ReadPosition + _settings.ReadAheadBytes);
            _response = await _store.OpenRangeAsync(_source, ReadPosition, end, cancellationToken).ConfigureAwait(false);
            RequestCount++;
            _responsePosition = ReadPosition;
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

    protected override void DisposeResources()
    {
        _response?.Dispose();
        _response = null;
    }

    protected override ValueTask DisposeResourcesAsync() => CloseResponseAsync();
}
