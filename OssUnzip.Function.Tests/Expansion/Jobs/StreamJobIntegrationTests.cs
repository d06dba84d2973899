using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Tests.Archive.Corpus;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

/// <summary>
/// A stream job's one shard (tar family, gzip, 7z: decision 0031) against a real s3rver, run directly as
/// a shard process would run it: archives made at test time with GNU tar + gzip (`tar --sort=name -czf`)
/// and 7-Zip (`7z a`, solid LZMA2). A run cancelled after it recorded progress and run again reads the
/// archive from the start but PUTs none of the recorded prefix's objects again; every object is
/// byte-exact; one manifest naming the format; one completion event with the job's id. A damaged .tgz
/// fails the job: rejection record, failed event, no manifest. Under a skip-existing rule, pre-existing
/// targets keep their bytes and are the only ones listed, across the re-run (decision 0039).
/// </summary>
[Category("Integration")]
internal sealed class StreamJobIntegrationTests() : JobIntegrationFixture("streamjobs", 6)
{
    private static readonly Dictionary<string, string> Files = Enumerable.Range(0, 24)
        .ToDictionary(i => $"t/f{i:D2}.bin", i => Convert.ToBase64String(TestData.Random(2500 + (i * 97), 100 + i)), StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task MakeArchivesAsync()
    {
        var source = Path.Combine(Work, "src");
        await TestData.WriteTreeAsync(source, Files.Select(f => (f.Key, Convert.FromBase64String(f.Value))));

        await ExternalTool.RunAsync("tar", source, ["--sort=name", "-czf", Path.Combine(Work, "s.tar.gz"), "t"]);
        await ExternalTool.RunAsync("7z", source, ["a", "-bd", "-mx=1", Path.Combine(Work, "s.7z"), "t"]);
    }

    [TestCase("s.tar.gz", "tar+gzip")]
    [TestCase("s.7z", "7z")]
    public async Task RunAsync_CancelledAfterRecordingProgressThenRunAgain_PrefixNotPutAgainAndEverythingExact(string file, string format)
    {
        // Arrange: a job record as the pipeline writes it, and a store hook that cancels the first run
        // when it records its progress for the second time.
        var bucket = NextBucket();
        var key = "zip/" + file;
        await TestData.PutFileAsync(Client, bucket, key, Path.Combine(Work, file));
        var traffic = new StorageTrafficHandler { Latency = TimeSpan.FromMilliseconds(15) };
        using var firstRun = new CancellationTokenSource();
        CancelAtProgressRecord(traffic, firstRun, nth: 2);
        using var sink = new CompletionSink();
        await using var host = CreateHost(bucket, Settings(sink), traffic.Factory);
        var job = await CreateJobAsync(host, bucket, key, format);

        // Act
        Assert.That(async () => await RunShardAsync(host, bucket, "unzip/s/", job.JobId, 0, firstRun.Token), Throws.InstanceOf<OperationCanceledException>());
        var progress = await host.Services.GetRequiredService<JobStore>().TryReadProgressAsync(job, 0, CancellationToken.None);
        var requestsBefore = traffic.Requests.Count;
        var result = await RunShardAsync(host, bucket, "unzip/s/", job.JobId, 0, CancellationToken.None);

        // Assert
        Assert.That(result, Is.EqualTo(ShardResult.Done));
        Assert.That(progress, Is.Not.Null, "the first run recorded a prefix");
        Assert.That(progress!.Objects, Is.InRange(4, Files.Count - 1));
        var prefix = Files.Keys.Order(StringComparer.Ordinal).Take(progress.Objects).Select(n => $"/{bucket}/unzip/s/{n}").ToHashSet();
        var rerunPuts = traffic.Requests.Skip(requestsBefore).Where(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("/unzip/s/t/", StringComparison.Ordinal)).Select(r => r[4..]).ToList();
        Assert.That(rerunPuts.Intersect(prefix), Is.Empty, "no object of the recorded prefix is PUT again");
        Assert.That(rerunPuts, Has.Count.EqualTo(Files.Count - progress.Objects), "every other object exactly once");
        Assert.That(CountSince(traffic, requestsBefore, "GET", "/" + key), Is.GreaterThan(0), "the re-run reads the archive again");
        await AssertExpandedAsync(bucket, format, job.JobId, sink);
    }

    [TestCase("s.tar.gz")]
    [TestCase("s.7z")]
    public async Task RunAsync_SkipExistingRuleCancelledThenRunAgain_PreExistingKeptAndOnlyTheyListed(string file)
    {
        // Arrange: two targets the user wrote before (other bytes), one this source version wrote before
        // (its id as metadata, other bytes: the inline run before the hand-off); a first run cancelled at
        // its second progress record, as above.
        var bucket = NextBucket();
        var key = "zip/" + file;
        await TestData.PutFileAsync(Client, bucket, key, Path.Combine(Work, file));
        string[] preExisting = ["t/f03.bin", "t/f20.bin"];
        await PutUsersObjectsAsync(bucket, "unzip/s/", preExisting);
        await PutOwnObjectAsync(bucket, key, "unzip/s/t/f01.bin", "written before the hand-off");
        var traffic = new StorageTrafficHandler();
        using var firstRun = new CancellationTokenSource();
        CancelAtProgressRecord(traffic, firstRun, nth: 2);
        using var sink = new CompletionSink();
        var settings = WithRule(Settings(sink), bucket, "skip", "skip-existing");
        await using var host = CreateHost("", settings, traffic.Factory);
        var job = await CreateJobAsync(host, bucket, key, file.EndsWith(".7z", StringComparison.Ordinal) ? "7z" : "tar+gzip");

        // Act
        Assert.That(async () => await RunShardAsync(host, bucket, "unzip/s/", job.JobId, 0, firstRun.Token), Throws.InstanceOf<OperationCanceledException>());
        var result = await RunShardAsync(host, bucket, "unzip/s/", job.JobId, 0, CancellationToken.None);

        // Assert
        Assert.That(result, Is.EqualTo(ShardResult.Done));
        var manifest = await ReadManifestAsync(bucket, "unzip/s/");
        Assert.That(manifest.Skipped.Where(n => n.Code == EntryNoteCodes.TargetExists).Select(n => n.Key), Is.EquivalentTo(preExisting.Select(n => "unzip/s/" + n)));
        Assert.That(manifest.Entries, Has.Count.EqualTo(Files.Count - preExisting.Length));
        foreach (var (name, data) in Files)
        {
            var expected = preExisting.Contains(name) ? UsersBytes : Convert.FromBase64String(data);
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/s/" + name), Is.EqualTo(expected), name);
        }

        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(30));
        Assert.That(completion["data"]!["entriesWritten"]!.GetValue<int>(), Is.EqualTo(Files.Count - preExisting.Length));
    }

    [Test]
    public async Task RunAsync_DamagedTgz_FailsTheJobWithoutAManifest()
    {
        var bucket = NextBucket();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Work, "s.tar.gz"));
        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        await TestData.PutAsync(Client, bucket, "zip/s.tgz", bytes);
        using var sink = new CompletionSink();
        await using var host = CreateHost(bucket, Settings(sink));
        var job = await CreateJobAsync(host, bucket, "zip/s.tgz", "tar+gzip");

        var result = await RunShardAsync(host, bucket, "unzip/s/", job.JobId, 0, CancellationToken.None);

        Assert.That(result, Is.EqualTo(ShardResult.Rejected));
        var keys = await TestData.ListKeysAsync(Client, bucket, "unzip/s/");
        Assert.That(keys, Does.Contain("unzip/s/.ossunzip/rejection.json").And.Not.Contain("unzip/s/.ossunzip/manifest.json"));
        var rejection = await ReadJsonAsync(bucket, "unzip/s/.ossunzip/rejection.json");
        Assert.That(rejection["code"]!.GetValue<string>(), Is.AnyOf("entry-data-corrupt", "truncated"));
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(30));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.FailedType));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(job.JobId));
    }

    private static Dictionary<string, string?> Settings(CompletionSink sink) => new()
    {
        ["Jobs:Mode"] = "InProcess",
        ["Jobs:ProgressBatchEntries"] = "4",
        ["Archive:UploadConcurrency"] = "2",
        ["Completion:Url"] = sink.Url,
    };

    /// <summary>The records the pipeline writes when a stream archive passes the request budget (JobCoordinator.StartStreamAsync), without dispatching.</summary>
    private static async Task<JobRecord> CreateJobAsync(ExpanderHost host, string bucket, string key, string format)
    {
        var size = (await host.Store.TryGetVersionAsync(bucket, key, CancellationToken.None))!.Length;
        return await TestJobs.ClaimAsync(host, JobRecord.StreamFormat, bucket, key, "unzip/s/", [new OssUnzip.Function.Archive.Planning.ShardRange(0, 0, 0, size, 0)], format);
    }

    private async Task AssertExpandedAsync(string bucket, string format, string jobId, CompletionSink sink)
    {
        var keys = await TestData.ListKeysAsync(Client, bucket, "unzip/s/");
        Assert.That(keys.Where(k => !k.StartsWith("unzip/s/.ossunzip/", StringComparison.Ordinal)), Is.EquivalentTo(Files.Keys.Select(k => "unzip/s/" + k)));
        foreach (var (name, data) in Files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/s/" + name), Is.EqualTo(Convert.FromBase64String(data)), name);
        }

        var manifest = await ReadJsonAsync(bucket, "unzip/s/" + ManifestName);
        Assert.That(manifest["summary"]!["format"]!.GetValue<string>(), Is.EqualTo(format));
        Assert.That(manifest["summary"]!["objects"]!.GetValue<int>(), Is.EqualTo(Files.Count));
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(30));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(jobId));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType));
        Assert.That(completion["data"]!["entriesWritten"]!.GetValue<int>(), Is.EqualTo(Files.Count));
        await Task.Delay(300);
        Assert.That(sink.Received, Has.Count.EqualTo(1), "one completion event");
    }
}
