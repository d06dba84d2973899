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
/// inflates. The first real failure cancels the rest and is rethrown; a failed multipart upload is
/// aborted.
/// </summary>
internal sealed class ArchiveWriter : IDisposable
{
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(30);

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
        _buffers = ArrayPool<byte>.Create(_options.PartSizeBytes, _options.UploadConcurrency + _options.ReadConcurrency);
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
        var stream = new RangedReadStream(_store, source.Bucket, source.Key, source.Version, _readSettings, resumed: _metrics.StorageResumed);
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
                var length = (int)entry.UncompressedSize;
                var buffer = await FillBufferAsync(reader, length, token).ConfigureAwait(false);
                run.Track(PutAsync(planned, buffer, length, run));
            }
            else
            {
                await UploadMultipartAsync(planned, reader, run).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes budget, rents a buffer and fills it; on failure gives both back.</summary>
    private async Task<byte[]> FillBufferAsync(EntryContentReader reader, int length, CancellationToken cancellationToken)
    {
        await _budget.AcquireAsync(length, cancellationToken).ConfigureAwait(false);
        var buffer = length == 0 ? [] : _buffers.Rent(length);
        try
        {
            await reader.FillAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return buffer;
        }
        catch
        {
            ReturnBuffer(buffer, length);
            throw;
        }
    }

    private void ReturnBuffer(byte[] buffer, int length)
    {
        if (buffer.Length > 0)
        {
            _buffers.Return(buffer);
        }

        _budget.Release(length);
    }

    private async Task PutAsync(PlannedEntry planned, byte[] buffer, int length, WriteRun run)
    {
        try
        {
            await _uploadSlots.WaitAsync(run.Token).ConfigureAwait(false);
            try
            {
                using var body = new MemoryStream(buffer, 0, length, writable: false);
                await _store.PutObjectAsync(run.Source.Bucket, planned.Key, body, length, planned.ContentType, run.Token).ConfigureAwait(false);
                run.AddPut();
                run.AddWritten(length);
            }
            finally
            {
                _uploadSlots.Release();
            }
        }
        finally
        {
            ReturnBuffer(buffer, length);
        }
    }

    private async Task UploadMultipartAsync(PlannedEntry planned, EntryContentReader reader, WriteRun run)
    {
        var token = run.Token;
        var bucket = run.Source.Bucket;
        var uploadId = await _store.StartMultipartUploadAsync(bucket, planned.Key, planned.ContentType, token).ConfigureAwait(false);
        run.AddPut();
        var parts = new List<Task<UploadedPart>>();
        try
        {
            for (var partNumber = 1; reader.Remaining > 0; partNumber++)
            {
                var length = (int)Math.Min(_options.PartSizeBytes, reader.Remaining);
                var buffer = await FillBufferAsync(reader, length, token).ConfigureAwait(false);
                parts.Add(UploadPartAsync(planned, bucket, uploadId, partNumber, buffer, length, run));
            }

            var uploaded = await Task.WhenAll(parts).ConfigureAwait(false);
            await _store.CompleteMultipartUploadAsync(bucket, planned.Key, uploadId, uploaded, token).ConfigureAwait(false);
            run.AddPut();
            run.AddWrittenObject();
        }
        catch (Exception original)
        {
            await Task.WhenAll(parts).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            await AbortQuietlyAsync(bucket, planned.Key, uploadId, original).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<UploadedPart> UploadPartAsync(PlannedEntry planned, string bucket, string uploadId, int partNumber, byte[] buffer, int length, WriteRun run)
    {
        try
        {
            await _uploadSlots.WaitAsync(run.Token).ConfigureAwait(false);
            try
            {
                using var body = new MemoryStream(buffer, 0, length, writable: false);
                var part = await _store.UploadPartAsync(bucket, planned.Key, uploadId, partNumber, body, length, run.Token).ConfigureAwait(false);
                run.AddPut();
                run.AddBytes(length);
                return part;
            }
            finally
            {
                _uploadSlots.Release();
            }
        }
        finally
        {
            ReturnBuffer(buffer, length);
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
