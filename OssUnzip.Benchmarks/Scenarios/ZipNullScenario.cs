using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Workloads;
using OssUnzip.Function.Archive;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// (c) Inflates every entry from the local archive into nothing (hashing it, so the result is checked
/// too), with as many readers as the expander's ReadConcurrency, each over its own slice of entries:
/// our inflate rate, no store.
/// </summary>
internal static class ZipNullScenario
{
    private const int CopyBufferSize = 1 << 20;

    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        var readers = ReadConcurrency(request);
        var expected = manifest.Entries.ToDictionary(e => e.Name, e => e.Hash, StringComparer.Ordinal);
        var slice = (manifest.Entries.Count + readers - 1) / readers;
        var clock = ScenarioClock.Start();
        var results = await Task.WhenAll(Enumerable.Range(0, readers).Select(r => Task.Run(() => InflateSlice(request.ArchivePath, r * slice, slice, expected, cancellationToken), cancellationToken)));
        var seconds = clock.Seconds;
        var wrong = results.Sum(r => r.Wrong);
        return new ScenarioResult(
            seconds,
            results.Sum(r => r.Bytes),
            results.Sum(r => r.Objects),
            0,
            ResourceUsage.PeakRssBytes(),
            clock.CpuSeconds,
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

    private static int ReadConcurrency(ScenarioRequest request) =>
        request.Settings.TryGetValue("Archive:ReadConcurrency", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : new ArchiveOptions().ReadConcurrency;
}
