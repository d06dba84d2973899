using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// The upload of one object from an entry's content: one PUT up to the part size, a multipart upload
/// above it with parts in flight while the next part inflates. Every buffer is held under an upload slot
/// (bounded concurrency) and the process-wide <see cref="ByteBudget"/>, and comes from a pool; the upload
/// that sends a buffer gives all three back. A failed multipart upload is aborted with its own short
/// timeout (the caller's token may be why it failed), a failed abort is logged, and the original error
/// is what the caller sees.
/// </summary>
internal sealed class ObjectUploader : IDisposable
{
    public static readonly TimeSpan DefaultAbortTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Buffers up to this size come from the shared pool; larger ones are whole parts from ours.</summary>
    private const int SmallBufferLimit = 1 << 20;

    private readonly IObjectStore _store;
    private readonly ArchiveOptions _options;
    private readonly ByteBudget _budget;
    private readonly SemaphoreSlim _uploadSlots;
    private readonly ArrayPool<byte> _buffers;
    private readonly ILogger<ObjectUploader> _logger;
    private readonly TimeSpan _abortTimeout;

    public ObjectUploader(IObjectStore store, IOptions<ArchiveOptions> options, ByteBudget budget, ILogger<ObjectUploader> logger)
        : this(store, options, budget, logger, DefaultAbortTimeout)
    {
    }

    /// <param name="abortTimeout">How long an abort may take; tests shorten it.</param>
    internal ObjectUploader(IObjectStore store, IOptions<ArchiveOptions> options, ByteBudget budget, ILogger<ObjectUploader> logger, TimeSpan abortTimeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _budget = budget;
        _logger = logger;
        _abortTimeout = abortTimeout;
        _uploadSlots = new SemaphoreSlim(_options.UploadConcurrency);
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
            return PutAsync(bucket, key, headers, buffer, tally, cancellationToken);
        }

        await UploadMultipartAsync(bucket, key, headers, reader, tally, cancellationToken).ConfigureAwait(false);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes an upload slot and budget, rents a buffer and fills it with the next <paramref name="length"/>
    /// bytes; on failure gives all three back. The upload that sends the buffer releases them.
    /// </summary>
    private async Task<UploadBuffer> FillBufferAsync(EntryContentReader reader, int length, CancellationToken cancellationToken)
    {
        await _uploadSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var cost = length > SmallBufferLimit ? _options.PartSizeBytes : length;
        try
        {
            await _budget.AcquireAsync(cost, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _uploadSlots.Release();
            throw;
        }

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

    private void Release(UploadBuffer buffer)
    {
        if (buffer.Array.Length > 0)
        {
            (buffer.Cost > SmallBufferLimit ? _buffers : ArrayPool<byte>.Shared).Return(buffer.Array);
        }

        _budget.Release(buffer.Cost);
        _uploadSlots.Release();
    }

    private async Task PutAsync(string bucket, string key, ObjectHeaders headers, UploadBuffer buffer, IUploadTally tally, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(buffer.Array, 0, buffer.Length, writable: false);
            await _store.PutObjectAsync(bucket, key, body, buffer.Length, headers, cancellationToken).ConfigureAwait(false);
            tally.AddPut();
            tally.AddBytes(buffer.Length);
            tally.AddWrittenObject();
        }
        finally
        {
            Release(buffer);
        }
    }

    private async Task UploadMultipartAsync(string bucket, string key, ObjectHeaders headers, EntryContentReader reader, IUploadTally tally, CancellationToken cancellationToken)
    {
        var uploadId = await _store.StartMultipartUploadAsync(bucket, key, headers, cancellationToken).ConfigureAwait(false);
        tally.AddPut();
        var parts = new List<Task<UploadedPart>>();
        try
        {
            for (var partNumber = 1; reader.Remaining > 0; partNumber++)
            {
                var length = (int)Math.Min(_options.PartSizeBytes, reader.Remaining);
                var buffer = await FillBufferAsync(reader, length, cancellationToken).ConfigureAwait(false);
                parts.Add(UploadPartAsync(bucket, key, uploadId, partNumber, buffer, tally, cancellationToken));
            }

            var uploaded = await Task.WhenAll(parts).ConfigureAwait(false);
            await _store.CompleteMultipartUploadAsync(bucket, key, uploadId, uploaded, cancellationToken).ConfigureAwait(false);
            tally.AddPut();
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
        try
        {
            using var body = new MemoryStream(buffer.Array, 0, buffer.Length, writable: false);
            var part = await _store.UploadPartAsync(bucket, key, uploadId, partNumber, body, buffer.Length, cancellationToken).ConfigureAwait(false);
            tally.AddPut();
            tally.AddBytes(buffer.Length);
            return part;
        }
        finally
        {
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
