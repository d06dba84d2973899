using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Archive;

/// <summary>
/// Planning through the engine's entry point against s3rver. The archives are ZipArchive-made in
/// memory: empty stored entries, so even the threshold's 10,000 entries take under a megabyte.
/// </summary>
[Category("Integration")]
public sealed class ArchiveExpansionTests() : S3rverFixture(Bucket)
{
    private const string Bucket = "planning";

    [Test]
    public async Task PlanAsync_EntriesAtCollectionThreshold_RunsFullCollectionAndPlansEveryEntry()
    {
        // Arrange
        var count = ArchiveExpansion.CollectAfterPlanningEntries;
        await TestData.PutAsync(Client, Bucket, "zip/many.zip", EmptyEntries(count));
        await using var host = CreateHost(Bucket);
        var expansion = host.Services.GetRequiredService<ArchiveExpansion>();
        var version = await host.Store.TryGetVersionAsync(Bucket, "zip/many.zip", CancellationToken.None);
        var source = new ArchiveSource(Bucket, "zip/many.zip", version!);
        var fullCollections = GC.CollectionCount(GC.MaxGeneration);

        // Act
        var planned = await expansion.PlanAsync(source, new ExpansionTarget(Bucket, "unzip/many/"), applyOverwritePolicy: false, CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(GC.CollectionCount(GC.MaxGeneration), Is.GreaterThan(fullCollections), "planning this many entries ends with a full collection (decision 0032)");
            Assert.That(planned.Writes, Has.Count.EqualTo(count));
            Assert.That(planned.Writes[^1].Key, Is.EqualTo($"unzip/many/d/f{count - 1:00000}.txt"));
        });
    }

    private static byte[] EmptyEntries(int count)
    {
        using var archive = new MemoryStream();
        using (var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                zip.CreateEntry($"d/f{i:00000}.txt", CompressionLevel.NoCompression);
            }
        }

        return archive.ToArray();
    }
}
