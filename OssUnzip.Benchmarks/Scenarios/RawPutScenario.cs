using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Workloads;
using OssUnzip.Function.Storage;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// (c) The store's own cost for the same objects: same keys' sizes, bodies from one buffer already in
/// memory, requests bounded by UploadConcurrency, multipart with PartSizeBytes parts above it —
/// what the expander would send if inflating cost nothing.
/// </summary>
internal static class RawPutScenario
{
    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        await using var host = new ScenarioHost(request);
        var options = host.ArchiveOptions;
        var store = host.Store;
        var body = new byte[options.PartSizeBytes];
        new ContentStream(ContentKind.Incompressible, 42).Fill(body);
        using var slots = new SemaphoreSlim(options.UploadConcurrency);
        // The same sampler as ours and naive, so the report splits raw PUT's peak the same way (issue 21).
        var sampler = new MemorySampler();
        var clock = ScenarioClock.Start();
        await using (sampler)
        {
            await PutAllAsync(request, manifest, store, options.PartSizeBytes, body, slots, cancellationToken);
        }

        var seconds = clock.Seconds;
        return new ScenarioResult(seconds, manifest.TotalBytes, manifest.Entries.Count, host.Requests, ResourceUsage.PeakRssBytes(), clock.CpuSeconds, null, null, sampler.Describe());
    }

    private static async Task PutAllAsync(ScenarioRequest request, Manifest manifest, IObjectStore store, int partSizeBytes, byte[] body, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var uploads = new List<Task>();
        foreach (var entry in manifest.Entries)
        {
            var key = request.RawPrefix + entry.Name;
            if (entry.Size <= partSizeBytes)
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
}
