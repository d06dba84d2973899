using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Writing;

/// <summary>
/// Entries whose keys the store refuses (case long-segment-name, issue 20 §4), through the real expander
/// and a real s3rver: the archive is rejected with <c>store-refused</c> naming the entry (a permanent
/// answer, never a retryable failure), and the store stays up with its listing intact. Around the local
/// limit (a last segment of 233 UTF-8 bytes) in ASCII and multibyte names, for one PUT and multipart.
/// </summary>
[Category("Integration")]
public sealed class LongSegmentNameExpansionTests() : S3rverFixture("long-segment-name", 12)
{
    private static string Repeat(string unit, int count) => string.Concat(Enumerable.Repeat(unit, count));

    [Test]
    public async Task ExpandAsync_LongSegmentNameCase_RejectedAsStoreRefusedAndStoreStaysUp()
    {
        var bucket = NextBucket();
        var archive = await File.ReadAllBytesAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Archive", "Writing", "long-segment-name", "input.zip"));
        await TestData.PutAsync(Client, bucket, "zip/long-segment-name.zip", archive);
        await using var host = CreateHost(bucket);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/long-segment-name.zip"), CancellationToken.None);

        var rejected = outcome as RejectedOutcome;
        Assert.That(rejected, Is.Not.Null, outcome.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(rejected!.Kind, Is.EqualTo(RejectionKind.StoreRefused));
            Assert.That(rejected.Code, Is.EqualTo(ArchiveRejectionCodes.StoreRefused));
            Assert.That(rejected.Entries, Is.EqualTo(new[] { new string('A', 241) }));
            Assert.That(rejected.Reason, Does.Contain("KeyTooLongError"));
        });
        var keys = await TestData.ListKeysAsync(Client, bucket);
        Assert.That(keys, Does.Contain("zip/long-segment-name.zip"));
        Assert.That(keys.Where(k => k.StartsWith("unzip/long-segment-name/", StringComparison.Ordinal) && !k.Contains("/.ossunzip", StringComparison.Ordinal)), Is.Empty, "no half-written entry");
    }

    [TestCase("A", 233, true)]
    [TestCase("A", 234, false)]
    [TestCase("A", 242, false)]
    [TestCase("é", 116, true)] // 232 bytes
    [TestCase("é", 117, false)] // 234 bytes
    [TestCase("中", 77, true)] // 231 bytes
    [TestCase("中", 78, false)] // 234 bytes
    public async Task ExpandAsync_EntryNameAroundTheLocalLimit_ExpandsOrRejectsAsStoreRefused(string unit, int count, bool held)
    {
        var bucket = NextBucket();
        var name = Repeat(unit, count);
        var zip = new ZipBuilder().File("ok.txt", TestData.Text(100, 1)).File(name, TestData.Text(50, 2));
        await TestData.PutAsync(Client, bucket, "zip/a.zip", zip.Build());
        await using var host = CreateHost(bucket);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/a.zip"), CancellationToken.None);

        if (held)
        {
            Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), outcome.ToString());
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/a/" + name), Is.EqualTo(zip.Files[name]));
        }
        else
        {
            Assert.That(outcome, Is.TypeOf<RejectedOutcome>(), outcome.ToString());
            Assert.That(((RejectedOutcome)outcome).Entries, Is.EqualTo(new[] { name }));
            Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/a/" + unit), Is.Empty);
        }
    }

    [Test]
    public async Task ExpandAsync_MultipartEntryWithTooLongName_RejectedAndNothingWrittenUnderItsName()
    {
        var bucket = NextBucket();
        var name = "big/" + new string('M', 241);
        var zip = new ZipBuilder().File(name, TestData.Text(350_000, 3));
        await TestData.PutAsync(Client, bucket, "zip/big.zip", zip.Build());
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Archive:PartSizeBytes"] = "102400" });

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<RejectedOutcome>(), outcome.ToString());
        Assert.That(((RejectedOutcome)outcome).Code, Is.EqualTo(ArchiveRejectionCodes.StoreRefused));
        Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/big/big/"), Is.Empty);
    }
}
