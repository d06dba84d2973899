using System.Text;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion;

/// <summary>
/// Issue 18 §5: a rejected archive is remembered in <c>.ossunzip/rejection.json</c>; a redelivery of the
/// same ETag gets the first answer without the archive being read; a newer upload is expanded normally.
/// Through the real pipeline against a real s3rver.
/// </summary>
[Category("Integration")]
public sealed class RejectionRecordIntegrationTests() : S3rverFixture("rejection", 4)
{
    private static readonly byte[] NotAZip = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a zip archive; ", 100)));

    [Test]
    public async Task ExpandAsync_RedeliveryOfARejectedArchive_SameAnswerFromTheRecordWithoutReadingTheArchive()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "zip/bad.zip", NotAZip);
        var traffic = new StorageTrafficHandler();
        await using var host = CreateHost(bucket, httpClientFactory: traffic.Factory);
        var first = (RejectedOutcome)await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/bad.zip"), CancellationToken.None);
        var archiveGets = traffic.Count("GET", "/zip/bad.zip");

        var again = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/bad.zip"), CancellationToken.None);

        var record = RejectionRecord.TryParse(await TestData.GetBytesAsync(Client, bucket, "unzip/bad/.ossunzip/rejection.json"));
        var eTag = (await Client.GetObjectMetadataAsync(bucket, "zip/bad.zip")).ETag;
        Assert.Multiple(() =>
        {
            Assert.That(first.Code, Is.EqualTo("not-a-zip"));
            Assert.That(again, Is.TypeOf<RejectedOutcome>());
            Assert.That(OutcomeJson.Describe(again).ToJsonString(), Is.EqualTo(OutcomeJson.Describe(first with { Event = again.Event }).ToJsonString()), "the same answer as the first time");
            Assert.That(traffic.Count("GET", "/zip/bad.zip"), Is.EqualTo(archiveGets), "no read of the archive");
            Assert.That(record, Is.Not.Null);
            Assert.That(record!.Names(bucket, "zip/bad.zip", eTag), Is.True);
            Assert.That(record.Code, Is.EqualTo("not-a-zip"));
        });
    }

    [Test]
    public async Task ExpandAsync_NewerUploadAfterARejection_ExpandedNormally()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "zip/fixed.zip", NotAZip);
        await using var host = CreateHost(bucket);
        Assert.That(await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/fixed.zip"), CancellationToken.None), Is.TypeOf<RejectedOutcome>());
        var zip = new ZipBuilder().File("a.txt", TestData.Text(500, 1));
        await TestData.PutAsync(Client, bucket, "zip/fixed.zip", zip.Build());

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/fixed.zip"), CancellationToken.None);
        var redelivered = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/fixed.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), outcome.ToString());
        Assert.That(redelivered, Is.TypeOf<AlreadyExpandedOutcome>());
        Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/fixed/a.txt"), Is.EqualTo(zip.Files["a.txt"]));
    }

    [Test]
    public async Task ExpandAsync_NewerUploadRejectedToo_ItsRecordReplacesTheOldOne()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "zip/twice.zip", NotAZip);
        await using var host = CreateHost(bucket);
        await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/twice.zip"), CancellationToken.None);
        await TestData.PutAsync(Client, bucket, "zip/twice.zip", [.. NotAZip, .. "more"u8]);
        var eTag = (await Client.GetObjectMetadataAsync(bucket, "zip/twice.zip")).ETag;

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/twice.zip"), CancellationToken.None);

        var record = RejectionRecord.TryParse(await TestData.GetBytesAsync(Client, bucket, "unzip/twice/.ossunzip/rejection.json"));
        Assert.That(outcome, Is.TypeOf<RejectedOutcome>());
        Assert.That(record!.Names(bucket, "zip/twice.zip", eTag), Is.True);
    }
}
