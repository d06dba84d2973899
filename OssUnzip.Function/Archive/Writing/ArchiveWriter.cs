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
/// The run over an archive's planned entries: readers work on batches in parallel, each through its own
/// ranged stream and a ZipArchive view of just its batch, and hand every entry's content to the
/// <see cref="ObjectUploader"/> (one object each, under bounded upload slots and the byte budget). The
/// uploader takes a slot before it fills a buffer, so what waits to be uploaded is bounded by the
/// slots, not by the archive. The first real failure cancels the rest and is rethrown; a store's
/// permanent refusal of an object (<see cref="ObjectRefusedException"/>) becomes an
/// <see cref="EntryRefusedException"/> naming the entry.
/// </summary>
internal sealed class ArchiveWriter
{
    private readonly IObjectStore _store;
    private readonly ArchiveOptions _options;
    private readonly ObjectUploader _uploader;
    private readonly RangedReadSettings _readSettings;
    private readonly OssUnzipMetrics _metrics;
    private readonly ILogger<ArchiveWriter> _logger;

    public ArchiveWriter(IObjectStore store, IOptions<ArchiveOptions> options, ObjectUploader uploader, OssUnzipMetrics metrics, ILogger<ArchiveWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _store = store;
        _options = options.Value;
        _uploader = uploader;
        _metrics = metrics;
        _readSettings = RangedReadSettings.Default with { ReadAheadBytes = _options.ReadAheadBytes };
    }

    /// <param name="progress">Told the running totals as objects and parts complete; may be called concurrently.</param>
    public Task<WriteResult> WriteAsync(ArchiveSource source, ZipLayout layout, IReadOnlyList<PlannedEntry> writes, IProgress<WriteProgress>? progress, CancellationToken cancellationToken) =>
        WriteAsync(source, new WriteTarget(source?.Bucket ?? "", WriteModifiedTime: true), layout, writes, progress, cancellationToken);

    /// <param name="target">The bucket objects go to (a rule may name another than the archive's) and whether they carry mtime.</param>
    /// <param name="progress">Told the running totals as objects and parts complete; may be called concurrently.</param>
    /// <param name="passwords">The order encrypted entries try the passwords in, chosen before writing (<see cref="ZipPreflight"/>); none when null.</param>
    public async Task<WriteResult> WriteAsync(ArchiveSource source, WriteTarget target, ZipLayout layout, IReadOnlyList<PlannedEntry> writes, IProgress<WriteProgress>? progress, CancellationToken cancellationToken, ZipPasswordChoice? passwords = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return new WriteResult(0, 0, 0, 0);
        }

        var batches = ArchiveBatch.Split(layout, writes, _options.BatchBytes, _options.BatchEntries);
        using var run = new WriteRun(source, target, batches, progress, cancellationToken) { Passwords = passwords ?? ZipPasswordChoice.None };
        var readers = Enumerable.Range(0, Math.Min(_options.ReadConcurrency, batches.Count))
            .Select(_ => ReadBatchesAsync(source, layout, run))
            .ToList();
        await run.WhenAllSettledAsync(readers).ConfigureAwait(false);
        await run.WhenUploadsSettledAsync().ConfigureAwait(false);
        run.ThrowIfFailed();
        return run.ToResult();
    }

    /// <summary>
    /// The run for formats read once, front to back, by one reader (tar, gzip): <paramref name="produce"/>
    /// reads the archive and hands each entry's content to the sink as it comes; uploads run in parallel
    /// behind it under the same slots, budget and failure rules as the batch run above. With
    /// <paramref name="resume"/> (a stream job's shard), objects an earlier run completed are read but not
    /// uploaded again, and the completed prefix is reported as it grows.
    /// </summary>
    public async Task<WriteResult> WriteSequentialAsync(ArchiveSource source, WriteTarget target, Func<ISequentialEntrySink, CancellationToken, Task> produce, IProgress<WriteProgress>? progress, SequentialResume? resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(produce);
        using var run = new WriteRun(source, target, [], progress, cancellationToken);
        var sink = new SequentialSink(_uploader, run, resume);
        await run.WhenAllSettledAsync([produce(sink, run.Token)]).ConfigureAwait(false);
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
                    var view = new BatchArchiveView(stream, layout.PrefixLength, [.. batch.Entries.Select(e => e.Entry)], batch.DataLimits, batch.DataEnd);
                    await using (view.ConfigureAwait(false))
                    {
                        var archive = await ZipArchive.CreateAsync(view, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, token).ConfigureAwait(false);
                        await using (archive.ConfigureAwait(false))
                        {
                            for (var i = 0; i < batch.Entries.Count; i++)
                            {
                                await WriteEntryAsync(archive.Entries[i], view, i, batch.Entries[i], run).ConfigureAwait(false);
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

    private async Task WriteEntryAsync(ZipArchiveEntry zipEntry, BatchArchiveView view, int index, PlannedEntry planned, WriteRun run)
    {
        try
        {
            if (ZipEntryCoding.Of(planned.Entry).ReadByZipArchive)
            {
                await WriteEntryCoreAsync(zipEntry, planned, run).ConfigureAwait(false);
            }
            else
            {
                await WriteDecodedEntryAsync(view, index, planned, run).ConfigureAwait(false);
            }
        }
        catch (WrongPasswordException e)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.WrongPassword, e.Message, [planned.Name], e);
        }
        catch (Exception e) when (EncryptedEntryFailure.Is(e) && planned.Entry.Index == run.Passwords.FirstEncryptedIndex)
        {
            // The verifier passed (1 in 256 wrong ZipCrypto passwords do) but what it decrypts to fails: on
            // the first encrypted entry that is the password's fault (decision 0028).
            throw EncryptedEntryFailure.WrongPassword(planned.Name, e, nothingWritten: false);
        }
        catch (InvalidDataException e)
        {
            throw new EntryCorruptException(planned.Name, $"Entry '{planned.Name}' is corrupt: {e.Message}", e);
        }
        catch (ObjectRefusedException e)
        {
            throw new EntryRefusedException(planned.Name, e);
        }
        catch (ArchiveRejectedException e) when (e.Entries.Count == 0)
        {
            // The view's local-header check knows the entry by offset only; name it.
            throw new ArchiveRejectedException(e.Code, $"Entry '{planned.Name}' cannot be read as its central record describes it: {e.Message}", [planned.Name], e);
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
            // planned.Key is built on demand (PlannedEntry): read once per object, not once per part.
            var headers = run.HeadersFor(planned.ContentType, ZipEntryTimes.ModifiedUnixSeconds(entry));
            var upload = await _uploader.UploadAsync(run.Target.Bucket, planned.Key, headers, reader, entry.UncompressedSize, run, token).ConfigureAwait(false);
            run.Track(upload.IsCompletedSuccessfully ? upload : NameRefusalAsync(upload, planned.Name));
        }
    }

    /// <summary>
    /// An entry ZipArchive cannot read (encrypted, or bzip2, LZMA, zstd, xz, PPMd), opened from its stored
    /// bytes. An encrypted entry takes the first password, in the run's order, that passes its verifier;
    /// when its data then fails (a wrong password passing ZipCrypto's 1-byte check) and a later password
    /// passes the verifier too, the entry is read again from the view — a fresh ranged read of just this
    /// entry — with that password (decision 0041). Nothing wrong was committed meanwhile: a single PUT
    /// starts only after the whole content passed its CRC-32 or authentication code, and a multipart
    /// upload whose content fails is aborted by the uploader before the failure reaches here.
    /// </summary>
    private async Task WriteDecodedEntryAsync(BatchArchiveView view, int index, PlannedEntry planned, WriteRun run)
    {
        var attempt = run.Passwords.FirstAttempt();
        while (true)
        {
            try
            {
                await WriteDecodedOnceAsync(view.OpenStoredData(index), planned, attempt, run).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (EncryptedEntryFailure.Is(e) && !run.Token.IsCancellationRequested && attempt.Next() is { } next)
            {
                Log.EncryptedEntryRetried(_logger, run.Source.Bucket, run.Source.Key, run.Source.Version.ETag, planned.Name, next.Start + 1, next.Passwords.Count, e.GetType().Name);
                attempt = next;
            }
        }
    }

    private async Task WriteDecodedOnceAsync(Stream stored, PlannedEntry planned, ZipPasswordAttempt attempt, WriteRun run)
    {
        var token = run.Token;
        var entry = planned.Entry;
        await using (stored.ConfigureAwait(false))
        {
            var decoded = await ZipEntryDecoder.OpenAsync(entry, planned.Name, stored, attempt, _options.MaxDictionaryBytes, token).ConfigureAwait(false);
            await using (decoded.ConfigureAwait(false))
            {
                var reader = new EntryContentReader(decoded.Content, planned.Name, entry.UncompressedSize, decoded.Crc32);
                var headers = run.HeadersFor(planned.ContentType, ZipEntryTimes.ModifiedUnixSeconds(entry));
                var upload = await _uploader.UploadAsync(run.Target.Bucket, planned.Key, headers, reader, entry.UncompressedSize, run, token).ConfigureAwait(false);
                run.Track(upload.IsCompletedSuccessfully ? upload : NameRefusalAsync(upload, planned.Name));
            }
        }
    }

    /// <summary>A PUT still in flight names its entry when the store refuses it for good, as an inline refusal does.</summary>
    private static async Task NameRefusalAsync(Task upload, string entryName)
    {
        try
        {
            await upload.ConfigureAwait(false);
        }
        catch (ObjectRefusedException e)
        {
            throw new EntryRefusedException(entryName, e);
        }
    }

    /// <summary>
    /// Uploads each entry handed to it as one object, tracked by the run it belongs to; with a resume, the
    /// first objects (written by an earlier run) are only read and checked, and the prefix of completed
    /// objects is reported after each object.
    /// </summary>
    private sealed class SequentialSink(ObjectUploader uploader, WriteRun run, SequentialResume? resume) : ISequentialEntrySink
    {
        private const int DrainBufferBytes = 64 << 10;

        private readonly CompletedPrefix _prefix = new(resume?.WrittenBefore ?? 0, resume?.BytesBefore ?? 0);
        private int _handed;

        public async Task<SequentialWrite> WriteAsync(string entryName, string key, string contentType, long? modifiedUnixSeconds, Stream content, long length, uint? declaredCrc, CancellationToken cancellationToken)
        {
            var reader = new EntryContentReader(content, entryName, length, declaredCrc);
            if (resume is not null && _handed++ < resume.WrittenBefore)
            {
                await DrainAsync(reader, cancellationToken).ConfigureAwait(false);
                run.AddBytes(length);
                run.AddWrittenObject();
                return new SequentialWrite(reader.Crc32, Task.CompletedTask);
            }

            var headers = run.HeadersFor(contentType, modifiedUnixSeconds);
            var index = _prefix.Start(length);
            Task named;
            try
            {
                var upload = await uploader.UploadAsync(run.Target.Bucket, key, headers, reader, length, run, cancellationToken).ConfigureAwait(false);
                named = upload.IsCompletedSuccessfully ? upload : NameRefusalAsync(upload, entryName);
                run.Track(named);
            }
            catch (ObjectRefusedException e)
            {
                throw new EntryRefusedException(entryName, e);
            }

            if (resume is not null)
            {
                _ = named.ContinueWith(_ => _prefix.Complete(index), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                var (count, bytes) = _prefix.Snapshot();
                await resume.Checkpoint(count, bytes, cancellationToken).ConfigureAwait(false);
            }

            return new SequentialWrite(reader.Crc32, named);
        }

        /// <summary>Reads an already-written object's content to its end, checking its length and CRC-32 as an upload would.</summary>
        private static async Task DrainAsync(EntryContentReader reader, CancellationToken cancellationToken)
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(DrainBufferBytes);
            try
            {
                do
                {
                    await reader.FillAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, reader.Remaining)), cancellationToken).ConfigureAwait(false);
                }
                while (reader.Remaining > 0);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>State of one expansion's write pass: the batch queue, uploads in flight, counters, first failure.</summary>
    private sealed class WriteRun : IUploadTally, IDisposable
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

        public WriteRun(ArchiveSource source, WriteTarget target, IReadOnlyList<ArchiveBatch> batches, IProgress<WriteProgress>? progress, CancellationToken cancellationToken)
        {
            Source = source;
            SourceId = source.Id;
            Target = target;
            _batches = batches;
            _progress = progress;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public CancellationToken Token => _cancellation.Token;

        public ArchiveSource Source { get; }

        /// <summary>The source version's id, sent with every object (decision 0039).</summary>
        public string SourceId { get; }

        /// <summary>An object's headers: its content type, its modification time when the target keeps it, and the source version's id.</summary>
        public ObjectHeaders HeadersFor(string contentType, long? modifiedUnixSeconds) =>
            new(contentType) { ModifiedUnixSeconds = Target.WriteModifiedTime ? modifiedUnixSeconds : null, SourceId = SourceId };

        public WriteTarget Target { get; }

        public ZipPasswordChoice Passwords { get; init; } = ZipPasswordChoice.None;

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
            if (upload.IsCompletedSuccessfully)
            {
                return;
            }

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

        /// <summary>Records the first real failure and cancels everything else.</summary>
        public void Fail(Exception e)
        {
            if (e is OperationCanceledException && _cancellation.IsCancellationRequested)
            {
                return;
            }

            // A replaced source read through a decoder or ZipArchive arrives wrapped as corrupt data.
            e = SourceChangedException.FindIn(e) ?? e;
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
