using System.Buffers;
using System.IO.Compression;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// Streams planned entries out of the archive into objects. Readers work on batches in parallel, each
/// through its own ranged stream and a ZipArchive view of just its batch; every entry is inflated into
/// buffers held under the process-wide <see cref="ByteBudget"/> and uploaded with bounded concurrency,
/// as one PUT or, above the part size, as a multipart upload with parts in flight while the next part
/// inflates. A reader takes an upload slot before it fills a buffer, so what waits to be uploaded is
/// bounded by the slots, not by the archive. The first real failure cancels the rest and is rethrown;
/// a failed multipart upload is aborted.
/// </summary>
internal sealed class ArchiveWriter : IDisposable
{
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Buffers up to this size come from the shared pool; larger ones are whole parts from ours.</summary>
    private const int SmallBufferLimit = 1 << 20;

    private readonly IObjectStore _store;
    private readonly ArchiveOptions _options;
    private readonly ByteBudget _budget;
    private readonly SemaphoreSlim _uploadSlots;
    private readonly ArrayPool<byte> _buffers;
    private readonly ILogger<ArchiveWriter> _logger;
    private readonly RangedReadSettings _readSettings;
    private readonly OssUnzipMetrics _metrics;

    public ArchiveWriter(IObjectStore store, IOptions<ArchiveOptions> options, ByteBudget budget, OssUnzipMetrics metrics, ILogger<ArchiveWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _budget = budget;
        _logger = logger;
        _metrics = metrics;
        _uploadSlots = new SemaphoreSlim(_options.UploadConcurrency);
        // Large buffers are always one part long, so the pool keeps one size, never more arrays than the budget holds.
        _buffers = ArrayPool<byte>.Create(_options.PartSizeBytes, (int)Math.Max(1, _options.MaxBufferedBytes / _options.PartSizeBytes));
        _readSettings = RangedReadSettings.Default with { ReadAheadBytes = _options.ReadAheadBytes };
    }

    /// <param name="progress">Told the running totals as objects and parts complete; may be called concurrently.</param>
    public async Task<WriteResult> WriteAsync(ArchiveSource source, ZipLayout layout, IReadOnlyList<PlannedEntry> writes, IProgress<WriteProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return new WriteResult(0, 0, 0, 0);
        }

        var batches = ArchiveBatch.Split(layout, writes, _options.BatchBytes, _options.BatchEntries);
        using var run = new WriteRun(source, batches, progress, cancellationToken);
        var readers = Enumerable.Range(0, Math.Min(_options.ReadConcurrency, batches.Count))
            .Select(_ => ReadBatchesAsync(source, layout, run))
            .ToList();
        await run.WhenAllSettledAsync(readers).ConfigureAwait(false);
        await run.WhenUploadsSettledAsync().ConfigureAwait(false);
        run.ThrowIfFailed();
        return run.ToResult();
    }

    private async Task ReadBatchesAsync(ArchiveSource source, ZipLayout layout, WriteRun run)
    {
        var token = run.Token;
        var stream = new RangedReadStream(_store, source, _readSettings, resumed: _metrics.StorageResumed);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                while (run.TryTakeBatch(out var batch))
                {
                    stream.ReadUntil(batch.DataEnd + layout.PrefixLength);
                    var directory = SyntheticCentralDirectory.Build([.. batch.Entries.Select(e => e.Entry)], layout.CentralDirectoryOffset);
                    var view = new BatchArchiveView(stream, layout.PrefixLength, layout.CentralDirectoryOffset, directory, batch.DataEnd);
                    await using (view.ConfigureAwait(false))
                    {
                        var archive = await ZipArchive.CreateAsync(view, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, token).ConfigureAwait(false);
                        await using (archive.ConfigureAwait(false))
                        {
                            for (var i = 0; i < batch.Entries.Count; i++)
                            {
                                await WriteEntryAsync(archive.Entries[i], batch.Entries[i], run).ConfigureAwait(false);
                            }
                        }
                    }
                }
            }
            finally
            {
                run.AddGetRequests(stream.RequestCount);
            }
        }
    }

    private async Task WriteEntryAsync(ZipArchiveEntry zipEntry, PlannedEntry planned, WriteRun run)
    {
        try
        {
            await WriteEntryCoreAsync(zipEntry, planned, run).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new EntryCorruptException(planned.Name, $"Entry '{planned.Name}' is corrupt: {e.Message}", e);
        }
    }

    private async Task WriteEntryCoreAsync(ZipArchiveEntry zipEntry, PlannedEntry planned, WriteRun run)
    {
        var token = run.Token;
        var entry = planned.Entry;
        var content = await zipEntry.OpenAsync(token).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            var reader = new EntryContentReader(content, planned.Name, entry.UncompressedSize, entry.Crc32);
            if (entry.UncompressedSize <= _options.PartSizeBytes)
            {
                var buffer = await FillBufferAsync(reader, (int)entry.UncompressedSize, token).ConfigureAwait(false);
                run.Track(PutAsync(planned, buffer, run));
            }
            else
            {
                await UploadMultipartAsync(planned, reader, run).ConfigureAwait(false);
            }
        }
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

    private async Task PutAsync(PlannedEntry planned, UploadBuffer buffer, WriteRun run)
    {
        try
        {
            using var body = new MemoryStream(buffer.Array, 0, buffer.Length, writable: false);
            await _store.PutObjectAsync(run.Source.Bucket, planned.Key, body, buffer.Length, planned.ContentType, run.Token).ConfigureAwait(false);
            run.AddPut();
            run.AddWritten(buffer.Length);
        }
        finally
        {
            Release(buffer);
        }
    }

    private async Task UploadMultipartAsync(PlannedEntry planned, EntryContentReader reader, WriteRun run)
    {
        var token = run.Token;
        var bucket = run.Source.Bucket;
        var key = planned.Key; // built on demand (PlannedEntry): once per upload, not once per part
        var uploadId = await _store.StartMultipartUploadAsync(bucket, key, planned.ContentType, token).ConfigureAwait(false);
        run.AddPut();
        var parts = new List<Task<UploadedPart>>();
        try
        {
            for (var partNumber = 1; reader.Remaining > 0; partNumber++)
            {
                var length = (int)Math.Min(_options.PartSizeBytes, reader.Remaining);
                var buffer = await FillBufferAsync(reader, length, token).ConfigureAwait(false);
                parts.Add(UploadPartAsync(bucket, key, uploadId, partNumber, buffer, run));
            }

            var uploaded = await Task.WhenAll(parts).ConfigureAwait(false);
            await _store.CompleteMultipartUploadAsync(bucket, key, uploadId, uploaded, token).ConfigureAwait(false);
            run.AddPut();
            run.AddWrittenObject();
        }
        catch (Exception original)
        {
            await Task.WhenAll(parts).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            await AbortQuietlyAsync(bucket, key, uploadId, original).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<UploadedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, UploadBuffer buffer, WriteRun run)
    {
        try
        {
            using var body = new MemoryStream(buffer.Array, 0, buffer.Length, writable: false);
            var part = await _store.UploadPartAsync(bucket, key, uploadId, partNumber, body, buffer.Length, run.Token).ConfigureAwait(false);
            run.AddPut();
            run.AddBytes(buffer.Length);
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
        using var timeout = new CancellationTokenSource(AbortTimeout);
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

    /// <summary>State of one expansion's write pass: the batch queue, uploads in flight, counters, first failure.</summary>
    private sealed class WriteRun : IDisposable
    {
        private readonly IReadOnlyList<ArchiveBatch> _batches;
        private readonly CancellationTokenSource _cancellation;
        private readonly List<Task> _uploads = [];
        private readonly Lock _lock = new();
        private readonly IProgress<WriteProgress>? _progress;
        private int _nextBatch = -1;
        private int _objects;
        private long _bytes;
        private int _gets;
        private int _puts;
        private ExceptionDispatchInfo? _failure;

        public WriteRun(ArchiveSource source, IReadOnlyList<ArchiveBatch> batches, IProgress<WriteProgress>? progress, CancellationToken cancellationToken)
        {
            Source = source;
            _batches = batches;
            _progress = progress;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public CancellationToken Token => _cancellation.Token;

        public ArchiveSource Source { get; }

        public bool TryTakeBatch(out ArchiveBatch batch)
        {
            var index = Interlocked.Increment(ref _nextBatch);
            if (index < _batches.Count && !Token.IsCancellationRequested)
            {
                batch = _batches[index];
                return true;
            }

            batch = null!;
            return false;
        }

        public void Track(Task upload)
        {
            lock (_lock)
            {
                if (_uploads.Count >= 1024)
                {
                    _uploads.RemoveAll(t => t.IsCompletedSuccessfully);
                }

                _uploads.Add(upload);
            }

            _ = upload.ContinueWith(t => Fail(t.Exception!.InnerException!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        public void AddGetRequests(int count) => Interlocked.Add(ref _gets, count);

        public void AddPut() => Interlocked.Increment(ref _puts);

        public void AddBytes(long count)
        {
            Interlocked.Add(ref _bytes, count);
            ReportProgress();
        }

        public void AddWrittenObject()
        {
            Interlocked.Increment(ref _objects);
            ReportProgress();
        }

        private void ReportProgress() => _progress?.Report(new WriteProgress(Volatile.Read(ref _objects), Interlocked.Read(ref _bytes)));

        public void AddWritten(long count)
        {
            AddBytes(count);
            AddWrittenObject();
        }

        /// <summary>Records the first real failure and cancels everything else.</summary>
        public void Fail(Exception e)
        {
            if (e is OperationCanceledException && _cancellation.IsCancellationRequested)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null) is null)
            {
                _cancellation.Cancel();
            }
        }

        public async Task WhenAllSettledAsync(IEnumerable<Task> readers)
        {
            foreach (var reader in readers.ToList())
            {
                try
                {
                    await reader.ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Fail(e);
                }
            }
        }

        public async Task WhenUploadsSettledAsync()
        {
            Task[] pending;
            lock (_lock)
            {
                pending = [.. _uploads];
            }

            await WhenAllSettledAsync(pending).ConfigureAwait(false);
        }

        public void ThrowIfFailed()
        {
            _failure?.Throw();
            Token.ThrowIfCancellationRequested();
        }

        public WriteResult ToResult() => new(_objects, _bytes, _gets, _puts);

        public void Dispose() => _cancellation.Dispose();
    }
}
