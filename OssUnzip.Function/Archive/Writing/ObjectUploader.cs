using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// The upload of one object from an entry's content: one PUT up to the part size, a multipart upload
/// above it with parts in flight while the next part inflates. Every buffer is held under the
/// process-wide <see cref="ByteBudget"/> and comes from a pool; it is filled first and only then waits
/// for an upload slot (<see cref="UploadSlots"/>, whose number follows the store when
/// Archive:MaxUploadConcurrency is above Archive:UploadConcurrency), so a slot is never held while an
/// entry inflates or its reader waits on a GET: the next body is ready when a slot frees (issue 21). The
/// upload that sends a buffer gives the slot, the budget and the buffer back. A request the store
/// throttles (SlowDown, 503, 429) after the S3 client's own retries lowers the limit and is sent again,
/// at most <see cref="ThrottleRetries"/> times. A failed multipart upload is aborted with its own short
/// timeout (the caller's token may be why it failed), a failed abort is logged, and the original error
/// is what the caller sees.
/// </summary>
internal sealed class ObjectUploader : IDisposable
{
    public static readonly TimeSpan DefaultAbortTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Buffers up to this size come from the shared pool; larger ones are whole parts from ours.</summary>
    private const int SmallBufferLimit = 1 << 20;

    /// <summary>Sends of one body after the store throttled it (each after the S3 client's own retries).</summary>
    internal const int ThrottleRetries = 2;

    private static readonly TimeSpan ThrottleBaseDelay = TimeSpan.FromMilliseconds(500);

    private readonly IObjectStore _store;
    private readonly ArchiveOptions _options;
    private readonly ByteBudget _budget;
    private readonly UploadSlots _uploadSlots;
    private readonly TimeProvider _timeProvider;
    private readonly ArrayPool<byte> _buffers;
    private readonly ILogger<ObjectUploader> _logger;
    private readonly TimeSpan _abortTimeout;

    public ObjectUploader(IObjectStore store, IOptions<ArchiveOptions> options, ByteBudget budget, ILogger<ObjectUploader> logger)
        : this(store, options, budget, logger, DefaultAbortTimeout)
    {
    }

    /// <param name="abortTimeout">How long an abort may take; tests shorten it.</param>
    /// <param name="timeProvider">Measures the concurrency controller's windows and the throttle back-off; tests fake it.</param>
    internal ObjectUploader(IObjectStore store, IOptions<ArchiveOptions> options, ByteBudget budget, ILogger<ObjectUploader> logger, TimeSpan abortTimeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _budget = budget;
        _logger = logger;
        _abortTimeout = abortTimeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        var controller = _options.MaxUploadConcurrency > _options.UploadConcurrency
            ? new UploadConcurrencyController(_options.UploadConcurrency, 1, _options.MaxUploadConcurrency)
            : null;
        _uploadSlots = new UploadSlots(_options.UploadConcurrency, controller, _timeProvider);
        // Large buffers are always one part long, so the pool keeps one size, never more arrays than the budget holds.
        _buffers = ArrayPool<byte>.Create(_options.PartSizeBytes, (int)Math.Max(1, _options.MaxBufferedBytes / _options.PartSizeBytes));
    }

    /// <summary>
    /// Uploads <paramref name="length"/> bytes of <paramref name="reader"/> as object <paramref name="key"/>.
    /// Up to the part size, the content is read into a buffer before this returns and the returned task
    /// is the PUT still running (so the next entry can inflate meanwhile); above it, the multipart upload
    /// is complete (or aborted) when this returns.
    /// </summary>
    /// <returns>The upload still in flight, or a completed task.</returns>
    public async Task<Task> UploadAsync(string bucket, string key, ObjectHeaders headers, EntryContentReader reader, long length, IUploadTally tally, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(tally);
        if (length <= _options.PartSizeBytes)
        {
            var buffer = await FillBufferAsync(reader, (int)length, cancellationToken).ConfigureAwait(false);
            await TakeSlotAsync(buffer, cancellationToken).ConfigureAwait(false);
            return PutAsync(bucket, key, headers, buffer, tally, cancellationToken);
        }

        await UploadMultipartAsync(bucket, key, headers, reader, tally, cancellationToken).ConfigureAwait(false);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes budget, rents a buffer and fills it with the next <paramref name="length"/> bytes; on failure
    /// gives both back. The upload that sends the buffer releases them.
    /// </summary>
    private async Task<UploadBuffer> FillBufferAsync(EntryContentReader reader, int length, CancellationToken cancellationToken)
    {
        var cost = length > SmallBufferLimit ? _options.PartSizeBytes : length;
        await _budget.AcquireAsync(cost, cancellationToken).ConfigureAwait(false);
        var buffer = new UploadBuffer(length == 0 ? [] : length > SmallBufferLimit ? _buffers.Rent(_options.PartSizeBytes) : ArrayPool<byte>.Shared.Rent(length), length, cost);
        try
        {
            await reader.FillAsync(buffer.Array.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return buffer;
        }
        catch
        {
            Release(buffer);
            throw;
        }
    }

    /// <summary>Waits for an upload slot for a filled buffer; on failure gives the buffer back.</summary>
    private async ValueTask TakeSlotAsync(UploadBuffer buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _uploadSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(buffer);
            throw;
        }
    }

    private void Release(UploadBuffer buffer)
    {
        if (buffer.Array.Length > 0)
        {
            (buffer.Cost > SmallBufferLimit ? _buffers : ArrayPool<byte>.Shared).Return(buffer.Array);
        }

        _budget.Release(buffer.Cost);
    }

    /// <summary>Uploads that may be in flight now (moved by the concurrency controller when it is on).</summary>
    internal int UploadLimit => _uploadSlots.Limit;

    /// <summary>
    /// After a throttled send: lowers the limit (the permits of other uploads are withheld as they come
    /// back) and waits, still holding this upload's slot, before the caller sends again.
    /// </summary>
    /// <returns>false when this body has been throttled too often (the caller rethrows).</returns>
    private async ValueTask<bool> BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        if (attempt >= ThrottleRetries)
        {
            return false;
        }

        _uploadSlots.OnThrottled();
        await Task.Delay(ThrottleBaseDelay * (1 << attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sends a filled buffer under the slot its caller took; gives slot and buffer back.</summary>
    private async Task PutAsync(string bucket, string key, ObjectHeaders headers, UploadBuffer buffer, IUploadTally tally, CancellationToken cancellationToken)
    {
        var completed = false;
        try
        {
            using var body = new MemoryStream(buffer.Array, 0, buffer.Length, writable: false);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    body.Position = 0;
                    await _store.PutObjectAsync(bucket, key, body, buffer.Length, headers, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (StoreThrottling.IsThrottle(e) && !cancellationToken.IsCancellationRequested)
                {
                    if (!await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
            }

            completed = true;
            tally.AddPut();
            tally.AddBytes(buffer.Length);
            tally.AddWrittenObject();
        }
        finally
        {
            _uploadSlots.Release(completed);
            Release(buffer);
        }
    }

    private async Task UploadMultipartAsync(string bucket, string key, ObjectHeaders headers, EntryContentReader reader, IUploadTally tally, CancellationToken cancellationToken)
    {
        var uploadId = await _store.StartMultipartUploadAsync(bucket, key, headers, cancellationToken).ConfigureAwait(false);
        tally.AddPut();
        var parts = new List<Task<UploadedPart>>();
        var bytes = 0L;
        try
        {
            for (var partNumber = 1; reader.Remaining > 0; partNumber++)
            {
                var length = (int)Math.Min(_options.PartSizeBytes, reader.Remaining);
                var buffer = await FillBufferAsync(reader, length, cancellationToken).ConfigureAwait(false);
                await TakeSlotAsync(buffer, cancellationToken).ConfigureAwait(false);
                parts.Add(UploadPartAsync(bucket, key, uploadId, partNumber, buffer, tally, cancellationToken));
                bytes += length;
            }

            var uploaded = await Task.WhenAll(parts).ConfigureAwait(false);
            await _store.CompleteMultipartUploadAsync(bucket, key, uploadId, uploaded, cancellationToken).ConfigureAwait(false);
            tally.AddPut();
            // Bytes count once the object exists: an aborted upload (an encrypted entry retried with the
            // next password, decision 0041) leaves none in the report.
            tally.AddBytes(bytes);
            tally.AddWrittenObject();
        }
        catch (Exception original)
        {
            await Task.WhenAll(parts).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            await AbortQuietlyAsync(bucket, key, uploadId, original).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<UploadedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, UploadBuffer buffer, IUploadTally tally, CancellationToken cancellationToken)
    {
        var completed = false;
        try
        {
            using var body = new MemoryStream(buffer.Array, 0, buffer.Length, writable: false);
            UploadedPart part;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    body.Position = 0;
                    part = await _store.UploadPartAsync(bucket, key, uploadId, partNumber, body, buffer.Length, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (StoreThrottling.IsThrottle(e) && !cancellationToken.IsCancellationRequested)
                {
                    if (!await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
            }

            completed = true;
            tally.AddPut();
            return part;
        }
        finally
        {
            _uploadSlots.Release(completed);
            Release(buffer);
        }
    }

    /// <summary>
    /// Aborts with its own short timeout (the caller's token may be the reason we are here); a failed
    /// abort is logged, and the original error is what the caller sees.
    /// </summary>
    private async Task AbortQuietlyAsync(string bucket, string key, string uploadId, Exception original)
    {
        using var timeout = new CancellationTokenSource(_abortTimeout);
        try
        {
            await _store.AbortMultipartUploadAsync(bucket, key, uploadId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.MultipartAbortFailed(_logger, e, bucket, key, uploadId, original.GetType().Name);
        }
    }

    public void Dispose() => _uploadSlots.Dispose();

    /// <summary>A filled buffer waiting to be sent; <see cref="Cost"/> is what it holds of the budget.</summary>
    private readonly record struct UploadBuffer(byte[] Array, int Length, long Cost);
}
