using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Amazon.S3;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive;

/// <summary>
/// Expands an archive far larger than the memory it may use. A regression to whole-archive buffering
/// (ZipArchive over the raw GET stream copies everything into a MemoryStream, docs/facts.md §6) fails here.
/// </summary>
[Category("Integration")]
public sealed class ArchiveExpanderMemoryTests() : S3rverFixture(Bucket)
{
    private const string Bucket = "memory";
    private const int EntryCount = 7;
    private const int EntrySize = 50 * 1024 * 1024;
    private const long MaxHeapGrowth = 64L << 20;
    /// <summary>Memory does not grow with the entry (a 300 MiB one measured the same: README, 7z); smaller keeps CI short.</summary>
    private const int SevenZipEntrySize = 96 << 20;

    /// <summary>The 7z decoder's window (the 16 MiB dictionary below) comes on top of what a ZIP may use.</summary>
    private const long SevenZipDictionary = 16L << 20;

    [Test]
    public async Task ExpandAsync_ArchiveOver300MiB_ManagedHeapGrowsFarLessThanArchive()
    {
        var archivePath = Path.Combine(Path.GetTempPath(), $"ossunzip-memory-{Guid.NewGuid():N}.zip");
        try
        {
            var expected = WriteArchive(archivePath);
            var archiveLength = new FileInfo(archivePath).Length;
            await TestData.PutFileAsync(Client, Bucket, "zip/large.zip", archivePath);
            await using var host = CreateHost(Bucket, new Dictionary<string, string?>
            {
                ["Archive:MaxBufferedBytes"] = (32 << 20).ToString(CultureInfo.InvariantCulture),
            });

            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            using var sampler = new HeapSampler();
            var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(Bucket, "zip/large.zip"), CancellationToken.None);
            var peakGrowth = sampler.Stop() - baseline;
            TestContext.Out.WriteLine($"archive {archiveLength} bytes; managed heap peak growth {peakGrowth} bytes");

            Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
            Assert.That(archiveLength, Is.GreaterThan(300L << 20));
            Assert.That(peakGrowth, Is.LessThan(MaxHeapGrowth));
            foreach (var (name, hash) in expected)
            {
                Assert.That(await HashObjectAsync(Client, "unzip/large/" + name), Is.EqualTo(hash), name);
            }
        }
        finally
        {
            File.Delete(archivePath);
        }
    }

    [Test]
    public async Task ExpandAsync_SevenZipWithLargeEntry_ManagedHeapBoundedByBuffersAndDictionary()
    {
        // One large file in one LZMA2 folder with a 16 MiB dictionary (7-Zip's default at -mx=5), packed
        // fast (-mx=1 match finder) so the test spends its time expanding, not compressing.
        var directory = Directory.CreateTempSubdirectory("ossunzip-memory-7z-").FullName;
        try
        {
            var filePath = Path.Combine(directory, "big.txt");
            string expected;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using var file = File.Create(filePath);
                for (var i = 0; i < SevenZipEntrySize >> 20; i++)
                {
                    var chunk = TestData.Text(1 << 20, i);
                    await file.WriteAsync(chunk);
                    hash.AppendData(chunk);
                }

                expected = Convert.ToHexString(hash.GetHashAndReset());
            }

            var archivePath = Path.Combine(directory, "big.7z");
            await ExternalTool.RunAsync("7z", directory, ["a", "-bd", "-mx=1", "-m0=LZMA2:d=16m", archivePath, "big.txt"]);
            File.Delete(filePath);
            await TestData.PutFileAsync(Client, Bucket, "zip/big.7z", archivePath);
            await using var host = CreateHost(Bucket);

            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            process.Refresh();
            var rssBefore = process.WorkingSet64;
            using var sampler = new HeapSampler();
            var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(Bucket, "zip/big.7z"), CancellationToken.None);
            var peakGrowth = sampler.Stop() - baseline;
            TestContext.Out.WriteLine($"7z archive {new FileInfo(archivePath).Length} bytes, entry {SevenZipEntrySize} bytes; managed heap peak growth {peakGrowth} bytes; working set {rssBefore} before, peak {sampler.PeakWorkingSet} during");

            Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), (outcome as RejectedOutcome)?.Reason);
            Assert.That(peakGrowth, Is.LessThan(MaxHeapGrowth + SevenZipDictionary));
            Assert.That(await HashObjectAsync(Client, "unzip/big/big.txt"), Is.EqualTo(expected));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Streams the archive to disk (never whole in memory), returning each entry's SHA-256.</summary>
    private static Dictionary<string, string> WriteArchive(string path)
    {
        var hashes = new Dictionary<string, string>();
        using var file = File.Create(path);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        var chunk = new byte[1 << 20];
        for (var i = 0; i < EntryCount; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"part-{i}.bin");
            var compressible = i == 0;
            var entry = archive.CreateEntry(name, compressible ? CompressionLevel.Fastest : CompressionLevel.NoCompression);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var stream = entry.Open())
            {
                var random = new Random(i);
                for (var written = 0; written < EntrySize; written += chunk.Length)
                {
                    if (compressible)
                    {
                        TestData.Text(chunk.Length, random.Next()).CopyTo(chunk, 0);
                    }
                    else
                    {
                        random.NextBytes(chunk);
                    }

                    stream.Write(chunk);
                    hash.AppendData(chunk);
                }
            }

            hashes[name] = Convert.ToHexString(hash.GetHashAndReset());
        }

        return hashes;
    }

    private static async Task<string> HashObjectAsync(AmazonS3Client client, string key)
    {
        using var response = await client.GetObjectAsync(Bucket, key);
        using var sha = SHA256.Create();
        return Convert.ToHexString(await sha.ComputeHashAsync(response.ResponseStream));
    }

    /// <summary>Samples the managed heap (live and not-yet-collected) every few milliseconds.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public HeapSampler() => _sampling = Task.Run(SampleAsync);

        /// <summary>The process's largest working set (RSS) seen while sampling.</summary>
        public long PeakWorkingSet { get; private set; }

        public long Stop()
        {
            _stop.Cancel();
            return _sampling.GetAwaiter().GetResult();
        }

        private async Task<long> SampleAsync()
        {
            long peak = 0;
            while (!_stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
                try
                {
                    await Task.Delay(5, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
