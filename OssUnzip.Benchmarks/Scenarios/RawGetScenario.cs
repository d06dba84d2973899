using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Function.Storage;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// (c) The store's cost of reading the archive once, as cheaply as it can be read: one ranged GET per
/// reader (ReadConcurrency of them), each over an equal slice, drained into nothing. The expander
/// reads the same bytes in more, smaller GETs, so this bounds its reads from below. Each slice is
/// hashed as it arrives and checked against the same slice of the local archive, hashed before the
/// clock starts.
/// </summary>
internal static class RawGetScenario
{
    private const int CopyBufferSize = 1 << 20;

    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        await using var host = new ScenarioHost(request);
        var store = host.Store;
        var readers = host.ArchiveOptions.ReadConcurrency;
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

        var clock = ScenarioClock.Start();
        var version = await store.TryGetVersionAsync(request.Bucket, request.ArchiveKey, cancellationToken)
            ?? throw new InvalidOperationException($"The archive {request.ArchiveKey} is not in the store.");
        var received = await Task.WhenAll(slices.Select(s => ReadSliceAsync(store, request, version, s.Offset, s.End, cancellationToken)));
        var seconds = clock.Seconds;
        var verified = received.Sum(r => r.Bytes) == length && received.Select(r => r.Hash).SequenceEqual(expected, StringComparer.Ordinal);
        return new ScenarioResult(
            seconds,
            length,
            0,
            host.Requests,
            ResourceUsage.PeakRssBytes(),
            clock.CpuSeconds,
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
}
