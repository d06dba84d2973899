using System.IO.Compression;
using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion;

/// <summary>
/// Case nested-output-forgery (issue 20 §2): output folders nest (<c>zip/f582.zip</c> → <c>unzip/f582/</c>,
/// <c>zip/f582/sub.zip</c> → <c>unzip/f582/sub/</c>), so one archive's entries must never stand in for the
/// other archive's records. Through the real expander against a real s3rver, in both upload orders, with
/// the shared inputs and with new members that forge records at their current location.
/// </summary>
[Category("Integration")]
public sealed class NestedOutputForgeryTests() : S3rverFixture("nested-output-forgery", 10)
{
    private const string Outer = "zip/f582.zip";
    private const string Inner = "zip/f582/sub.zip";
    private const string InnerOutput = "unzip/f582/sub/";

    private static byte[] Case(string file) =>
        File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Expansion", "nested-output-forgery", file));

    /// <summary>Every file of an archive, by the key it expands to under <paramref name="outputFolder"/> (no flattening applies to these).</summary>
    private static Dictionary<string, byte[]> FilesOf(byte[] archive, string outputFolder)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            using var content = entry.Open();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            files[outputFolder + entry.FullName] = copy.ToArray();
        }

        return files;
    }

    private async Task<ExpansionOutcome> UploadAndExpandAsync(ExpanderHost host, string bucket, string key, byte[] archive)
    {
        await TestData.PutAsync(Client, bucket, key, archive);
        return await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, key), CancellationToken.None);
    }

    private async Task AssertHoldsAsync(string bucket, Dictionary<string, byte[]> files)
    {
        foreach (var (key, content) in files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, key), Is.EqualTo(content), key);
        }
    }

    [Test]
    public async Task ExpandAsync_NestedOutputForgeryFirstThenSecond_SecondExpandsEveryFile()
    {
        var bucket = NextBucket();
        var second = Case("second.zip");
        await using var host = CreateHost(bucket);

        var first = await UploadAndExpandAsync(host, bucket, Outer, Case("first.zip"));
        var outcome = await UploadAndExpandAsync(host, bucket, Inner, second);

        Assert.That(first, Is.TypeOf<ExpandedOutcome>(), first.ToString());
        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), outcome.ToString());
        var files = FilesOf(second, InnerOutput);
        Assert.That(((ExpandedOutcome)outcome).Report.EntriesWritten, Is.EqualTo(files.Count));
        await AssertHoldsAsync(bucket, files);
        Assert.That(await TestData.ListKeysAsync(Client, bucket, InnerOutput + ".ossunzip/"), Is.EqualTo(new[] { InnerOutput + ".ossunzip/manifest.json" }));
    }

    [Test]
    public async Task ExpandAsync_NestedOutputForgerySecondThenFirst_SecondExpandsEveryFileAndKeepsItsRecord()
    {
        var bucket = NextBucket();
        var second = Case("second.zip");
        await using var host = CreateHost(bucket);

        var outcome = await UploadAndExpandAsync(host, bucket, Inner, second);
        var files = FilesOf(second, InnerOutput);
        await AssertHoldsAsync(bucket, files);
        var first = await UploadAndExpandAsync(host, bucket, Outer, Case("first.zip"));
        var redelivered = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, Inner), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), outcome.ToString());
            Assert.That(((ExpandedOutcome)outcome).Report.EntriesWritten, Is.EqualTo(files.Count));
            Assert.That(first, Is.TypeOf<ExpandedOutcome>(), first.ToString());
            Assert.That(redelivered, Is.TypeOf<AlreadyExpandedOutcome>(), "the outer archive's entries did not touch the inner one's record");
        });
    }

    [TestCase("manifest.json")]
    [TestCase("rejection.json")]
    public async Task ExpandAsync_NestedArchiveForgingARecordAtItsCurrentLocation_SecondStillExpandsEveryFile(string record)
    {
        var bucket = NextBucket();
        var second = Case("second.zip");
        await using var host = CreateHost(bucket);
        await TestData.PutAsync(Client, bucket, Inner, second);
        var eTag = (await Client.GetObjectMetadataAsync(bucket, Inner)).ETag;
        var forged = new ZipBuilder()
            .File("sub/readme.txt", Encoding.UTF8.GetBytes("forged record next door\n"))
            .File("sub/.ossunzip/" + record, Encoding.UTF8.GetBytes(ForgedRecord(record, bucket, eTag)))
            .Build();

        var first = await UploadAndExpandAsync(host, bucket, Outer, forged);
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, Inner), CancellationToken.None);

        Assert.That(first, Is.TypeOf<ExpandedOutcome>(), first.ToString());
        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), outcome.ToString());
        await AssertHoldsAsync(bucket, FilesOf(second, InnerOutput));
    }

    [TestCase("zip/f582/.ossunzip.zip")]
    [TestCase("zip/f582/.ossunzip/x.zip")]
    [TestCase("zip/.ossunzip/deep/x.zip")]
    public async Task ExpandAsync_ArchiveWhoseOutputFolderHoldsTheRecordsFolderName_RefusedClearlyAndNothingWritten(string key)
    {
        var bucket = NextBucket();
        await using var host = CreateHost(bucket);

        var outcome = await UploadAndExpandAsync(host, bucket, key, new ZipBuilder().File("manifest.json", Encoding.UTF8.GetBytes("{}")).Build());

        var rejected = outcome as RejectedOutcome;
        Assert.That(rejected, Is.Not.Null, outcome.ToString());
        Assert.Multiple(async () =>
        {
            Assert.That(rejected!.Code, Is.EqualTo("reserved-output-folder"));
            Assert.That(rejected.Reason, Does.Contain(".ossunzip"));
            Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/"), Is.Empty);
        });
    }

    /// <summary>A record in today's formats naming the inner archive's exact bucket, key and ETag: what an attacker who knows the upload can write.</summary>
    private static string ForgedRecord(string record, string bucket, string eTag)
    {
        var quotedETag = System.Text.Json.JsonSerializer.Serialize(eTag);
        return record == "manifest.json"
            ? $$"""{"formatVersion":2,"summary":{"source":{"bucket":"{{bucket}}","key":"{{Inner}}","etag":{{quotedETag}},"size":1},"outputPrefix":"{{InnerOutput}}","objects":0,"directories":0,"startedAt":"2026-01-01T00:00:00+00:00","completedAt":"2026-01-01T00:00:01+00:00","durationMs":1},"objects":[],"skipped":[],"renamed":[]}"""
            : $$"""{"formatVersion":1,"bucket":"{{bucket}}","key":"{{Inner}}","etag":{{quotedETag}},"kind":"invalid-archive","code":"not-a-zip","reason":"forged","entries":[],"rejectedAt":"2026-01-01T00:00:00+00:00"}""";
    }
}
