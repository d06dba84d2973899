using System.Globalization;
using System.IO.Compression;
using System.Net;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Functions;
using OssUnzip.Function.Hosting;
using OssUnzip.Function.Http;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion;

/// <summary>
/// At-least-once in, exactly-once effect out: faults injected under the real S3 client, a real s3rver
/// stopped mid-run, duplicate and repeated deliveries, shutdown, and completion events to a loopback sink.
/// </summary>
[Category("Integration")]
internal sealed class ExpansionPipelineIntegrationTests() : S3rverFixture("delivery", 20)
{
    private const string ManifestName = ".ossunzip/manifest.json";
    private static readonly string[] NewerKeys = ["unzip/newer/a.txt", "unzip/newer/b.txt"];

    [Test]
    public async Task ExpandAsync_ConnectionDroppedMidBody_ResumesAndWritesExactBytes()
    {
        var (bucket, zip) = await UploadAsync("dropped", new ZipBuilder()
            .File("big.bin", TestData.Random(6 << 20, 1), CompressionLevel.NoCompression)
            .File("text.txt", TestData.Text(3 << 20, 2)));
        var traffic = new StorageTrafficHandler();
        var drops = 0;
        traffic.DropBodyAfter = r => r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.Contains("/zip/", StringComparison.Ordinal) && r.Headers.Range is not null && Interlocked.Increment(ref drops) <= 2 ? 512 * 1024 : null;
        await using var host = CreateHost(bucket, httpClientFactory: traffic.Factory);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/dropped.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        Assert.That(drops, Is.GreaterThanOrEqualTo(2), "the fault was injected");
        await AssertExpandedExactlyAsync(bucket, "unzip/dropped/", zip);
    }

    [Test]
    public async Task ExpandAsync_StoreAnswersSlowDownNowAndThen_RetriesAndWritesEverything()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 40; i++)
        {
            zip.File($"f{i:D2}.txt", TestData.Text(2000 + i, i));
        }

        var (bucket, built) = await UploadAsync("slow", zip);
        var traffic = new StorageTrafficHandler();
        var puts = 0;
        traffic.SlowDown = r => r.Method == HttpMethod.Put && Interlocked.Increment(ref puts) % 5 == 0;
        await using var host = CreateHost(bucket, httpClientFactory: traffic.Factory);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/slow.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        Assert.That(puts, Is.GreaterThan(41), "some PUTs were answered SlowDown and retried");
        await AssertExpandedExactlyAsync(bucket, "unzip/slow/", built);
    }

    [Test]
    public async Task ExpandAsync_StoreKeepsAnsweringSlowDown_TransientFailureAndNoManifest()
    {
        var (bucket, _) = await UploadAsync("throttled", new ZipBuilder().File("a.txt", TestData.Text(100, 1)).File("b.txt", TestData.Text(100, 2)));
        var traffic = new StorageTrafficHandler { SlowDown = r => r.Method == HttpMethod.Put };
        await using var host = CreateHost(bucket, httpClientFactory: traffic.Factory);

        var failure = Assert.ThrowsAsync<AmazonS3Exception>(async () => await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/throttled.zip"), CancellationToken.None));

        Assert.That(FailureClassifier.Classify(failure!), Is.EqualTo(FailureKind.Transient), "answered 503 so EventBridge retries");
        Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/"), Does.Not.Contain("unzip/throttled/" + ManifestName));
    }

    [Test]
    public async Task ExpandAsync_S3rverRestartedMidRun_NoManifestAfterFailureAndRedeliveryCompletes()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 300; i++)
        {
            zip.File($"part/{i:D3}.txt", TestData.Text(3000, i));
        }

        var (bucket, built) = await UploadAsync("restart", zip);
        var traffic = new StorageTrafficHandler { Latency = TimeSpan.FromMilliseconds(15) };
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Storage:MaxErrorRetry"] = "0", ["Archive:UploadConcurrency"] = "4" }, traffic.Factory);
        var evt = ExpanderHost.PutEvent(bucket, "zip/restart.zip");

        var first = host.Expander.ExpandAsync(evt, CancellationToken.None);
        await WaitUntilAsync(() => traffic.Count("PUT", "/unzip/restart/") >= 20);
        await Server.RestartAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        Exception? failure = null;
        try
        {
            await first;
        }
        catch (Exception e) when (e is not AssertionException)
        {
            failure = e;
        }

        if (failure is not null)
        {
            Assert.That(FailureClassifier.Classify(failure), Is.EqualTo(FailureKind.Transient), failure.ToString());
            Assert.That(await TestData.ExistsAsync(Client, bucket, "unzip/restart/" + ManifestName), Is.False, "no manifest after a failed run");
        }

        var redelivered = await host.Expander.ExpandAsync(evt, CancellationToken.None);

        Assert.That(failure is null ? redelivered is AlreadyExpandedOutcome : redelivered is ExpandedOutcome, Is.True, $"first: {failure?.GetType().Name ?? "succeeded"}, then {redelivered.GetType().Name}");
        await AssertExpandedExactlyAsync(bucket, "unzip/restart/", built);
    }

    [Test]
    public async Task ExpandAsync_SameEventThreeTimesConcurrently_ExpandsOnceAndAnswersAll()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 25; i++)
        {
            zip.File($"d/{i}.txt", TestData.Text(500, i));
        }

        var (bucket, built) = await UploadAsync("dup", zip);
        var traffic = new StorageTrafficHandler { Latency = TimeSpan.FromMilliseconds(10) };
        await using var host = CreateHost(bucket, httpClientFactory: traffic.Factory);
        var evt = ExpanderHost.PutEvent(bucket, "zip/dup.zip");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.Expander.ExpandAsync(evt, CancellationToken.None)));

        Assert.That(outcomes, Has.All.TypeOf<ExpandedOutcome>());
        Assert.That(outcomes.Select(o => OutcomeResponses.Describe(o, new ResponseOptions()).Status), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(traffic.Count("PUT", "/unzip/dup/"), Is.EqualTo(built.Files.Count + 1), "each object and the manifest written once");
        await AssertExpandedExactlyAsync(bucket, "unzip/dup/", built);
    }

    [Test]
    public async Task ExpandAsync_RedeliveryAfterSuccess_AnswersWithoutReadingTheArchive()
    {
        var (bucket, _) = await UploadAsync("again", new ZipBuilder().File("a.txt", TestData.Text(1000, 1)));
        var traffic = new StorageTrafficHandler();
        await using var host = CreateHost(bucket, httpClientFactory: traffic.Factory);
        var evt = ExpanderHost.PutEvent(bucket, "zip/again.zip");
        Assert.That(await host.Expander.ExpandAsync(evt, CancellationToken.None), Is.TypeOf<ExpandedOutcome>());
        var readsBefore = traffic.Count("GET", "/zip/again.zip");

        var outcome = await host.Expander.ExpandAsync(evt, CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<AlreadyExpandedOutcome>());
        Assert.That(OutcomeResponses.Describe(outcome, new ResponseOptions()).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(traffic.Count("GET", "/zip/again.zip"), Is.EqualTo(readsBefore), "no ranged read of the archive");
    }

    [Test]
    public async Task ExpandAsync_RedeliveryWithManifestFarLargerThanItsSummary_ReadsOnlyTheManifestsFirstBytes()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 600; i++)
        {
            zip.File($"long/{i:D4}-{new string('n', 200)}.txt", TestData.Text(10, i));
        }

        var (bucket, _) = await UploadAsync("long-names", zip);
        var traffic = new StorageTrafficHandler();
        await using var host = CreateHost(bucket, httpClientFactory: traffic.Factory);
        var evt = ExpanderHost.PutEvent(bucket, "zip/long-names.zip");
        Assert.That(await host.Expander.ExpandAsync(evt, CancellationToken.None), Is.TypeOf<ExpandedOutcome>());
        var manifestKey = "unzip/long-names/" + ManifestName;
        var manifestBytes = (await Client.GetObjectMetadataAsync(bucket, manifestKey)).ContentLength;

        var outcome = await host.Expander.ExpandAsync(evt, CancellationToken.None);

        Assert.That(manifestBytes, Is.GreaterThan(2 * 65536), "the object list alone is far beyond the summary read");
        Assert.That(outcome, Is.TypeOf<AlreadyExpandedOutcome>());
        Assert.That(((AlreadyExpandedOutcome)outcome).EntriesWritten, Is.EqualTo(600));
        Assert.That(traffic.Ranges.Where(r => r.StartsWith("/" + bucket + "/" + manifestKey, StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            $"/{bucket}/{manifestKey} bytes=0-65535",
            $"/{bucket}/{manifestKey} bytes=0-65535",
        }), "one bounded read before the first expansion (none there yet) and one for the redelivery");
    }

    [Test]
    public async Task ExpandAsync_NewerUploadOfTheSameKey_ExpandsAgainAndReplacesManifest()
    {
        var (bucket, _) = await UploadAsync("newer", new ZipBuilder().File("a.txt", TestData.Text(1000, 1)));
        await using var host = CreateHost(bucket);
        await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/newer.zip"), CancellationToken.None);
        var second = new ZipBuilder().File("a.txt", TestData.Text(2000, 2)).File("b.txt", TestData.Text(10, 3));
        await TestData.PutAsync(Client, bucket, "zip/newer.zip", second.Build());

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/newer.zip"), CancellationToken.None);

        var report = ((ExpandedOutcome)outcome).Report;
        var manifest = ExpansionManifest.TryParse(await TestData.GetBytesAsync(Client, bucket, "unzip/newer/" + ManifestName));
        Assert.That(manifest!.Summary.Source.ETag, Is.EqualTo(report.ETag));
        Assert.That(manifest.Entries.Select(e => e.Key), Is.EquivalentTo(NewerKeys));
        Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/newer/a.txt"), Is.EqualTo(second.Files["a.txt"]));
    }

    [Test]
    public async Task StopAsync_DuringExpansion_InFlightCompletesAndNewWorkIsRefused()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 120; i++)
        {
            zip.File($"s/{i:D3}.txt", TestData.Text(1000, i));
        }

        var (bucket, built) = await UploadAsync("shutdown", zip);
        var traffic = new StorageTrafficHandler { Latency = TimeSpan.FromMilliseconds(20) };
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Shutdown:GracePeriodSeconds"] = "60", ["Archive:UploadConcurrency"] = "2" }, traffic.Factory);
        var inFlight = host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/shutdown.zip"), CancellationToken.None);
        await WaitUntilAsync(() => traffic.Count("PUT", "/unzip/shutdown/") >= 5);

        var stopping = host.StopAsync();
        var coordinator = host.Services.GetRequiredService<ShutdownCoordinator>();
        await WaitUntilAsync(() => coordinator.IsDraining);
        var refused = Assert.ThrowsAsync<ServiceShuttingDownException>(async () => await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/shutdown.zip"), CancellationToken.None));

        Assert.That(FailureClassifier.Classify(refused!), Is.EqualTo(FailureKind.Transient), "503 for new work");
        Assert.That(await inFlight, Is.TypeOf<ExpandedOutcome>());
        await stopping;
        await AssertExpandedExactlyAsync(bucket, "unzip/shutdown/", built);
    }

    [Test]
    public async Task StopAsync_GracePeriodExpires_CancelsTheExpansionAndLeavesNoManifest()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 200; i++)
        {
            zip.File($"g/{i:D3}.txt", TestData.Text(1000, i));
        }

        var (bucket, _) = await UploadAsync("grace", zip);
        var traffic = new StorageTrafficHandler { Latency = TimeSpan.FromMilliseconds(50) };
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Shutdown:GracePeriodSeconds"] = "1", ["Archive:UploadConcurrency"] = "1" }, traffic.Factory);
        var inFlight = host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/grace.zip"), CancellationToken.None);
        await WaitUntilAsync(() => traffic.Count("PUT", "/unzip/grace/") >= 3);

        await host.StopAsync();

        Assert.That(async () => await inFlight, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/grace/"), Does.Not.Contain("unzip/grace/" + ManifestName));
    }

    [Test]
    public async Task ExpandAsync_CompletionUrlSet_PostsExpandedAndFailedCloudEvents()
    {
        var (bucket, _) = await UploadAsync("announce", new ZipBuilder().File("a.txt", TestData.Text(100, 1)));
        await TestData.PutAsync(Client, bucket, "zip/broken.zip", TestData.Text(500, 2));
        using var sink = new CompletionSink();
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Completion:Url"] = sink.Url });

        await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/announce.zip"), CancellationToken.None);
        var expanded = await sink.WaitForEventAsync(TimeSpan.FromSeconds(20));
        await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/broken.zip"), CancellationToken.None);
        await WaitUntilAsync(() => sink.Received.Count >= 2);
        var failed = sink.Received.Last();

        Assert.That((string?)expanded["specversion"], Is.EqualTo("1.0"));
        Assert.That((string?)expanded["type"], Is.EqualTo("ossunzip.archive.expanded"));
        Assert.That((string?)expanded["source"], Is.EqualTo("ossunzip"));
        Assert.That((string?)expanded["subject"], Is.EqualTo($"{bucket}/zip/announce.zip"));
        Assert.That((string?)expanded["_contentType"], Does.StartWith("application/cloudevents+json"));
        Assert.That((int?)expanded["data"]!["entriesWritten"], Is.EqualTo(1));
        Assert.That((string?)failed["type"], Is.EqualTo("ossunzip.archive.failed"));
        Assert.That((string?)failed["data"]!["code"], Is.EqualTo("not-a-zip"));
    }

    [Test]
    public async Task ExpandAsync_CompletionSinkFails_ExpansionStillSucceedsAndIsNotRepeated()
    {
        var (bucket, built) = await UploadAsync("sinkdown", new ZipBuilder().File("a.txt", TestData.Text(100, 1)));
        using var sink = new CompletionSink(HttpStatusCode.InternalServerError);
        var traffic = new StorageTrafficHandler();
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Completion:Url"] = sink.Url }, traffic.Factory);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/sinkdown.zip"), CancellationToken.None);
        await sink.WaitForAttemptsAsync(2, TimeSpan.FromSeconds(30));

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        Assert.That(traffic.Count("PUT", "/unzip/sinkdown/a.txt"), Is.EqualTo(1), "the expansion ran once");
        await AssertExpandedExactlyAsync(bucket, "unzip/sinkdown/", built);
    }

    private async Task<(string Bucket, ZipBuilder Zip)> UploadAsync(string name, ZipBuilder zip)
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, $"zip/{name}.zip", zip.Build());
        return (bucket, zip);
    }

    private async Task AssertExpandedExactlyAsync(string bucket, string prefix, ZipBuilder zip)
    {
        var keys = await TestData.ListKeysAsync(Client, bucket, prefix);
        Assert.That(keys, Is.EquivalentTo(zip.Files.Keys.Select(k => prefix + k).Append(prefix + ManifestName)));
        foreach (var (name, data) in zip.Files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, prefix + name), Is.EqualTo(data), name);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
