using System.IO.Compression;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive;

/// <summary>The real expander, through the real S3 client, against a real s3rver.</summary>
[Category("Integration")]
public sealed class ArchiveExpanderIntegrationTests() : S3rverFixture("expand", 16)
{
    [Test]
    public async Task ExpandAsync_MixedArchive_WritesEveryFileByteForByteAndNothingElse()
    {
        var bucket = NextBucket();
        var zip = new ZipBuilder()
            .File("readme.txt", TestData.Text(10_000, 1))
            .File("stored/random.bin", TestData.Random(70_000, 2), CompressionLevel.NoCompression)
            .File("deep/nested/folder/data.csv", TestData.Text(250_000, 3))
            .File("empty.txt", [])
            .Directory("only-a-folder")
            .File("中文目录/文件 名+%.txt", TestData.Text(1_000, 4))
            .File("emoji-😀.txt", TestData.Text(100, 5));
        await TestData.PutAsync(Client, bucket, "zip/mixed.zip", zip.Build());
        await using var host = CreateHost(bucket);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/mixed.zip"), CancellationToken.None);

        var report = ((ExpandedOutcome)outcome).Report;
        Assert.That(report.EntriesWritten, Is.EqualTo(zip.Files.Count));
        Assert.That(report.BytesWritten, Is.EqualTo(zip.Files.Values.Sum(f => (long)f.Length)));
        Assert.That(report.OutputPrefix, Is.EqualTo("unzip/mixed/"));
        await AssertBucketHoldsExactlyAsync(bucket, "zip/mixed.zip", "unzip/mixed/", zip.Files);
    }

    [Test]
    public async Task ExpandAsync_TwoThousandSmallEntries_WritesAll()
    {
        var bucket = NextBucket();
        var zip = new ZipBuilder();
        for (var i = 0; i < 2000; i++)
        {
            zip.File($"batch/{i / 100:D2}/file-{i:D4}.txt", TestData.Text(100 + (i % 700), i));
        }

        await TestData.PutAsync(Client, bucket, "zip/many.zip", zip.Build());
        await using var host = CreateHost(bucket);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/many.zip"), CancellationToken.None);

        var report = ((ExpandedOutcome)outcome).Report;
        TestContext.Out.WriteLine($"2000 entries in {report.DurationMs} ms, {report.GetRequests} GETs, {report.PutRequests} PUTs");
        Assert.That(report.EntriesWritten, Is.EqualTo(2000));
        await AssertBucketHoldsExactlyAsync(bucket, "zip/many.zip", "unzip/many/", zip.Files);
    }

    [Test]
    public async Task ExpandAsync_EntryLargerThanPartSize_UploadsMultipartByteForByte()
    {
        var bucket = NextBucket();
        var big = new byte[200 * 1024 * 1024];
        new Random(7).NextBytes(big.AsSpan(0, big.Length / 2));
        TestData.Text(big.Length / 2, 8).CopyTo(big.AsSpan(big.Length / 2));
        var zip = new ZipBuilder().File("data/two-hundred.bin", big, CompressionLevel.Fastest).File("small.txt", TestData.Text(5000, 9));
        await TestData.PutAsync(Client, bucket, "zip/big.zip", zip.Build());
        await using var host = CreateHost(bucket, new Dictionary<string, string?>
        {
            ["Archive:PartSizeBytes"] = (16 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Archive:MaxBufferedBytes"] = (32 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None);

        var report = ((ExpandedOutcome)outcome).Report;
        Assert.That(report.EntriesWritten, Is.EqualTo(2));
        Assert.That(report.PutRequests, Is.GreaterThanOrEqualTo(13 + 2 + 1), "200 MiB in 16 MiB parts, initiate + complete, one small PUT");
        await AssertBucketHoldsExactlyAsync(bucket, "zip/big.zip", "unzip/big/", zip.Files);
    }

    private async Task AssertBucketHoldsExactlyAsync(string bucket, string archiveKey, string prefix, IReadOnlyDictionary<string, byte[]> files)
    {
        var keys = await TestData.ListKeysAsync(Client, bucket);
        var manifestKey = prefix + ".ossunzip/manifest.json";
        Assert.That(keys, Is.EquivalentTo(files.Keys.Select(k => prefix + k).Append(archiveKey).Append(manifestKey)));
        var manifest = ExpansionManifest.TryParse(await TestData.GetBytesAsync(Client, bucket, manifestKey));
        Assert.That(manifest, Is.Not.Null);
        Assert.That(manifest!.Summary.Source.Key, Is.EqualTo(archiveKey));
        Assert.That(manifest.Entries.Select(e => e.Key), Is.EquivalentTo(files.Keys.Select(k => prefix + k)));
        foreach (var (name, data) in files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, prefix + name), Is.EqualTo(data), name);
        }
    }
}
