using System.IO.Compression;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Expansion;

/// <summary>
/// Backfill through the app's composition against a real s3rver: 50 archives (stored entries, built in
/// memory) expanded by one run, and a second run of the same prefix makes no PUT at all, counted by the
/// store itself (s3rver's request counts).
/// </summary>
[Category("Integration")]
internal sealed class BackfillServiceIntegrationTests() : S3rverFixture("backfill", 2)
{
    private const int ArchiveCount = 50;

    [Test]
    public async Task StartAsync_FiftyArchivesTwice_SecondRunPutsNothing()
    {
        // Arrange
        var bucket = NextBucket();
        for (var i = 0; i < ArchiveCount; i++)
        {
            var zip = new ZipBuilder().File("a.txt", TestData.Text(64, i), CompressionLevel.NoCompression).File("d/b.txt", TestData.Text(32, i + 100), CompressionLevel.NoCompression);
            await TestData.PutAsync(Client, bucket, string.Create(CultureInfo.InvariantCulture, $"zip/batch/{i:D2}.zip"), zip.Build());
        }

        await TestData.PutAsync(Client, bucket, "zip/batch/readme.txt", "not an archive"u8.ToArray());
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Backfill:Concurrency"] = "4" });
        var backfills = host.Services.GetRequiredService<IBackfillService>();

        // Act
        var first = await RunAsync(backfills, bucket);
        var putsAfterFirst = await PutsAsync();
        var second = await RunAsync(backfills, bucket);
        var putsAfterSecond = await PutsAsync();

        // Assert
        var outputs = await TestData.ListKeysAsync(Client, bucket, "unzip/");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo((ArchiveCount, ArchiveCount, 0, 0, 0)), "(archives, expanded, already, rejected, failed)");
            Assert.That(second, Is.EqualTo((ArchiveCount, 0, ArchiveCount, 0, 0)));
            Assert.That(outputs, Has.Count.EqualTo(ArchiveCount * 3), "two objects and a manifest per archive");
            Assert.That(putsAfterSecond - putsAfterFirst, Is.Zero, "the second run PUT nothing");
        }
    }

    [Test]
    public async Task Start_BucketNoRuleTakes_Null()
    {
        await using var host = CreateHost(NextBucket());

        var started = host.Services.GetRequiredService<IBackfillService>().Start("someone-else", "zip/");

        Assert.That(started, Is.Null);
    }

    private static async Task<(int Archives, int Expanded, int Already, int Rejected, int Failed)> RunAsync(IBackfillService backfills, string bucket)
    {
        var started = backfills.Start(bucket, "zip/batch/")!;
        var done = (await backfills.WaitAsync(started.Id, CancellationToken.None))!;
        Assert.That(done.Status, Is.EqualTo("completed"), done.Error);
        Assert.That(done.Listed, Is.EqualTo(ArchiveCount + 1));
        return (done.Archives, done.Expanded, done.AlreadyExpanded, done.Rejected, done.Failed);
    }

    private async Task<long> PutsAsync() =>
        (await Server.GetRequestCountsAsync(CancellationToken.None)).TryGetValue("PUT", out var puts) ? puts : 0;
}
