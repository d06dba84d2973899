using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using Amazon.S3.Model;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Workloads;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Storage;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// Runs one scenario inside a child process of its own, so the process's peak RSS (VmHWM, read at
/// the end) belongs to that scenario alone. Only the work is timed: composition and the manifest read
/// happen before the clock starts.
/// </summary>
internal static class ScenarioRunner
{
    private const int CopyBufferSize = 1 << 20;

    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = await Manifest.ReadAsync(Manifest.PathFor(request.ArchivePath), cancellationToken);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        try
        {
            return request.Scenario switch
            {
                ScenarioKind.Ours => await RunOursAsync(request, cancellationToken),
                ScenarioKind.Naive => await RunNaiveAsync(request, cancellationToken),
                ScenarioKind.Cli => await CliPipeline.RunAsync(request, manifest, cancellationToken),
                ScenarioKind.UnzipNull => await CliPipeline.RunUnzipToNullAsync(request, manifest, cancellationToken),
                ScenarioKind.ZipNull => await RunZipToNullAsync(request, manifest, cancellationToken),
                ScenarioKind.RawPut => await RunRawPutAsync(request, manifest, cancellationToken),
                ScenarioKind.RawGet => await RunRawGetAsync(request, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Scenario, "unknown scenario"),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            return new ScenarioResult(0, 0, 0, 0, ResourceUsage.PeakRssBytes(), cpu, false, e.GetType().Name + ": " + e.Message, null);
        }
    }

    private static async Task<ScenarioResult> RunOursAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        await using var composition = new StoreComposition(request);
        var expander = composition.Expander;
        var objectCreated = new ObjectCreatedEvent("bench-" + Guid.NewGuid().ToString("N"), "ObjectCreated:PutObject", request.Bucket, request.ArchiveKey, null, null);
        var sampler = new MemorySampler();
        var (clock, cpu) = Start();
        ExpansionOutcome outcome;
        await using (sampler)
        {
            outcome = await expander.ExpandAsync(objectCreated, cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (outcome is not ExpandedOutcome expanded)
        {
            throw new InvalidOperationException("The expander did not expand the archive: " + outcome);
        }

        return new ScenarioResult(seconds, expanded.Report.BytesWritten, expanded.Report.EntriesWritten, composition.Requests, ResourceUsage.PeakRssBytes(), Cpu(cpu), null, null, sampler.Describe());
    }

    /// <summary>
    /// What most samples do: GetObject, hand the response stream to ZipArchive (which, the stream not
    /// being seekable, first copies the whole archive into a MemoryStream — docs/facts.md §6), then for each
    /// entry buffer it and PutObject, one after another. Bodies are sent plain (UseChunkEncoding off)
    /// because the store would otherwise keep the aws-chunked framing.
    /// </summary>
    private static async Task<ScenarioResult> RunNaiveAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        await using var composition = new StoreComposition(request);
        var s3 = composition.S3;
        var sampler = new MemorySampler();
        var (clock, cpu) = Start();
        long bytes = 0;
        long objects = 0;
        await using (sampler)
        using (var response = await s3.GetObjectAsync(request.Bucket, request.ArchiveKey, cancellationToken))
        using (var archive = new ZipArchive(response.ResponseStream, ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    continue;
                }

                using var body = new MemoryStream();
                await using (var content = entry.Open())
                {
                    await content.CopyToAsync(body, cancellationToken);
                }

                body.Position = 0;
                bytes += body.Length;
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = request.Bucket, Key = request.OutputPrefix + entry.FullName, InputStream = body, UseChunkEncoding = false }, cancellationToken);
                objects++;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new ScenarioResult(seconds, bytes, objects, composition.Requests, ResourceUsage.PeakRssBytes(), Cpu(cpu), null, null, sampler.Describe());
    }

    /// <summary>
    /// Inflates every entry from the local archive into nothing (hashing it, so the result is checked
    /// too), with as many readers as the expander's ReadConcurrency, each over its own slice of entries.
    /// </summary>
    private static async Task<ScenarioResult> RunZipToNullAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        var readers = ReadConcurrency(request);
        var expected = manifest.Entries.ToDictionary(e => e.Name, e => e.Hash, StringComparer.Ordinal);
        var slice = (manifest.Entries.Count + readers - 1) / readers;
        var (clock, cpu) = Start();
        var results = await Task.WhenAll(Enumerable.Range(0, readers).Select(r => Task.Run(() => InflateSlice(request.ArchivePath, r * slice, slice, expected, cancellationToken), cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        var wrong = results.Sum(r => r.Wrong);
        return new ScenarioResult(
            seconds,
            results.Sum(r => r.Bytes),
            results.Sum(r => r.Objects),
            0,
            ResourceUsage.PeakRssBytes(),
            Cpu(cpu),
            wrong == 0 && results.Sum(r => r.Objects) == manifest.Entries.Count,
            null,
            string.Create(CultureInfo.InvariantCulture, $"{readers} readers"));
    }

    private static (long Bytes, long Objects, int Wrong) InflateSlice(string archivePath, int first, int count, Dictionary<string, string> expected, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            using var archive = new ZipArchive(new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), ZipArchiveMode.Read);
            long bytes = 0;
            var objects = 0;
            var wrong = 0;
            foreach (var entry in archive.Entries.Skip(first).Take(count))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var hash = new XxHash128();
                using var content = entry.Open();
                int read;
                while ((read = content.Read(buffer, 0, CopyBufferSize)) > 0)
                {
                    hash.Append(buffer.AsSpan(0, read));
                    Stream.Null.Write(buffer, 0, read);
                    bytes += read;
                }

                objects++;
                if (!expected.TryGetValue(entry.FullName, out var hex) || hex != Convert.ToHexStringLower(hash.GetCurrentHash()))
                {
                    wrong++;
                }
            }

            return (bytes, objects, wrong);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The store's own cost for the same objects: same keys' sizes, bodies from one buffer already in
    /// memory, requests bounded by UploadConcurrency, multipart with PartSizeBytes parts above it —
    /// what the expander would send if inflating cost nothing.
    /// </summary>
    private static async Task<ScenarioResult> RunRawPutAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        await using var composition = new StoreComposition(request);
        var options = composition.ArchiveOptions;
        var store = composition.Store;
        var body = new byte[options.PartSizeBytes];
        new ContentStream(ContentKind.Incompressible, 42).Fill(body);
        using var slots = new SemaphoreSlim(options.UploadConcurrency);
        var uploads = new List<Task>();
        var (clock, cpu) = Start();
        foreach (var entry in manifest.Entries)
        {
            var key = request.RawPrefix + entry.Name;
            if (entry.Size <= options.PartSizeBytes)
            {
                await slots.WaitAsync(cancellationToken);
                uploads.Add(PutReleasingAsync(store, request.Bucket, key, body, (int)entry.Size, slots, cancellationToken));
            }
            else
            {
                uploads.Add(PutMultipartAsync(store, request.Bucket, key, body, entry.Size, slots, cancellationToken));
            }
        }

        await Task.WhenAll(uploads);
        var seconds = clock.Elapsed.TotalSeconds;
        return new ScenarioResult(seconds, manifest.TotalBytes, manifest.Entries.Count, composition.Requests, ResourceUsage.PeakRssBytes(), Cpu(cpu), null, null, null);
    }

    private static async Task PutReleasingAsync(IObjectStore store, string bucket, string key, byte[] body, int length, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new MemoryStream(body, 0, length, writable: false);
            await store.PutObjectAsync(bucket, key, content, length, "application/octet-stream", cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private static async Task PutMultipartAsync(IObjectStore store, string bucket, string key, byte[] body, long size, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var uploadId = await WithSlotAsync(slots, () => store.StartMultipartUploadAsync(bucket, key, "application/octet-stream", cancellationToken), cancellationToken);
        var parts = new List<Task<UploadedPart>>();
        var partNumber = 1;
        for (long offset = 0; offset < size; offset += body.Length, partNumber++)
        {
            var length = (int)Math.Min(body.Length, size - offset);
            var number = partNumber;
            parts.Add(WithSlotAsync(
                slots,
                async () =>
                {
                    using var content = new MemoryStream(body, 0, length, writable: false);
                    return await store.UploadPartAsync(bucket, key, uploadId, number, content, length, cancellationToken);
                },
                cancellationToken));
        }

        var uploaded = await Task.WhenAll(parts);
        await WithSlotAsync(slots, async () => { await store.CompleteMultipartUploadAsync(bucket, key, uploadId, uploaded, cancellationToken); return true; }, cancellationToken);
    }

    /// <summary>
    /// The store's cost of reading the archive once, as cheaply as it can be read: one ranged GET per
    /// reader (ReadConcurrency of them), each over an equal slice, drained into nothing. The expander
    /// reads the same bytes in more, smaller GETs, so this bounds its reads from below. Each slice is
    /// hashed as it arrives and checked against the same slice of the local archive, hashed before the
    /// clock starts.
    /// </summary>
    private static async Task<ScenarioResult> RunRawGetAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        await using var composition = new StoreComposition(request);
        var store = composition.Store;
        var readers = composition.ArchiveOptions.ReadConcurrency;
        var length = new FileInfo(request.ArchivePath).Length;
        var slices = Enumerable.Range(0, readers)
            .Select(r => (Offset: length * r / readers, End: length * (r + 1) / readers))
            .Where(s => s.End > s.Offset)
            .ToList();
        var expected = new List<string>();
        foreach (var (offset, end) in slices)
        {
            expected.Add(await HashFileSliceAsync(request.ArchivePath, offset, end, cancellationToken));
        }

        var (clock, cpu) = Start();
        var version = await store.TryGetVersionAsync(request.Bucket, request.ArchiveKey, cancellationToken)
            ?? throw new InvalidOperationException($"The archive {request.ArchiveKey} is not in the store.");
        var received = await Task.WhenAll(slices.Select(s => ReadSliceAsync(store, request, version, s.Offset, s.End, cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        var verified = received.Sum(r => r.Bytes) == length && received.Select(r => r.Hash).SequenceEqual(expected, StringComparer.Ordinal);
        return new ScenarioResult(
            seconds,
            length,
            0,
            composition.Requests,
            ResourceUsage.PeakRssBytes(),
            Cpu(cpu),
            verified,
            null,
            string.Create(CultureInfo.InvariantCulture, $"{slices.Count} ranged GETs of the archive; its MB/s counts archive bytes, not entry data"));
    }

    private static async Task<(long Bytes, string Hash)> ReadSliceAsync(IObjectStore store, ScenarioRequest request, ObjectVersion version, long offset, long end, CancellationToken cancellationToken)
    {
        await using var content = await store.OpenRangeAsync(new ArchiveSource(request.Bucket, request.ArchiveKey, version), offset, end, cancellationToken);
        // To the end of the response, not the slice's length: a response longer than asked fails the byte count.
        return await HashAsync(content, long.MaxValue, cancellationToken);
    }

    private static async Task<string> HashFileSliceAsync(string path, long offset, long end, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous) { Position = offset };
        var (bytes, hash) = await HashAsync(file, end - offset, cancellationToken);
        return bytes == end - offset ? hash : throw new EndOfStreamException($"{path} ended before byte {end}.");
    }

    /// <summary>XxHash128 of the next <paramref name="limit"/> bytes of a stream (fewer if it ends first), and how many there were.</summary>
    private static async Task<(long Bytes, string Hash)> HashAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var hash = new XxHash128();
            long bytes = 0;
            int read;
            while (bytes < limit && (read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(CopyBufferSize, limit - bytes)), cancellationToken)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
                bytes += read;
            }

            return (bytes, Convert.ToHexStringLower(hash.GetCurrentHash()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<T> WithSlotAsync<T>(SemaphoreSlim slots, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await action();
        }
        finally
        {
            slots.Release();
        }
    }

    private static int ReadConcurrency(ScenarioRequest request) =>
        request.Settings.TryGetValue("Archive:ReadConcurrency", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : new ArchiveOptions().ReadConcurrency;

    private static (Stopwatch Clock, TimeSpan Cpu) Start() => (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);

    private static double Cpu(TimeSpan before) => (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
}
