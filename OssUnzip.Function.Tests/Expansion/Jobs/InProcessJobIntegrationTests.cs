using System.IO.Compression;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Tests.Archive.Corpus;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

/// <summary>
/// Jobs end to end in one process (Jobs:Mode=InProcess) against a real s3rver: a plan over the inline
/// limits becomes a job of several shards, answered at once; the shards write every object byte-exact,
/// record progress per batch, and the last one writes the manifest and sends one completion event whose
/// id is the job id; redeliveries are answered from the records. Under a skip-existing rule the job
/// leaves pre-existing targets alone and lists exactly those, across a shard's re-run (decision 0039).
/// </summary>
[Category("Integration")]
internal sealed class InProcessJobIntegrationTests() : JobIntegrationFixture("jobs", 8)
{
    private static readonly Dictionary<string, string?> JobSettings = new()
    {
        ["Jobs:Mode"] = "InProcess",
        ["Jobs:RequestBudgetSeconds"] = "2",
        ["Jobs:InlineMaxEntries"] = "10",
        ["Jobs:ShardEntries"] = "25",
        ["Jobs:ProgressBatchEntries"] = "8",
        ["Jobs:Parallelism"] = "2",
    };

    private static ZipBuilder ManyEntries(int count)
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < count; i++)
        {
            zip.File($"d{i % 7}/f{i:D3}.bin", TestData.Random(3000 + (i * 37), i), i % 2 == 0 ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
        }

        return zip;
    }

    [Test]
    public async Task ExpandAsync_PlanOverInlineLimits_AcceptedAsAJobThatWritesEverythingOnce()
    {
        var bucket = NextBucket();
        var zip = ManyEntries(100);
        await TestData.PutAsync(Client, bucket, "zip/many.zip", zip.Build());
        using var sink = new CompletionSink();
        await using var host = CreateHost(bucket, new Dictionary<string, string?>(JobSettings) { ["Completion:Url"] = sink.Url });

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/many.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That(job.Status, Is.EqualTo(JobOutcome.Accepted));
        Assert.That(job.Shards, Is.InRange(4, 8), "100 objects at 25 per shard, balanced by bytes too");
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(job.Job));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType));
        Assert.That(completion["data"]!["entriesWritten"]!.GetValue<int>(), Is.EqualTo(100));
        await AssertExpandedExactlyAsync(bucket, "unzip/many/", zip, job.Job, job.Shards);

        var again = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/many.zip"), CancellationToken.None);

        Assert.That(again, Is.TypeOf<AlreadyExpandedOutcome>());
        await AssertOneCompletionEventAsync(sink, job.Job, TimeSpan.FromMilliseconds(500));
    }

    [Test]
    public async Task ExpandAsync_RedeliveryWhileRunning_InProgressFromTheRecordsAlone()
    {
        var bucket = NextBucket();
        var zip = ManyEntries(60);
        await TestData.PutAsync(Client, bucket, "zip/slow.zip", zip.Build());
        var traffic = new StorageTrafficHandler { Latency = TimeSpan.FromMilliseconds(40) };
        await using var host = CreateHost(bucket, new Dictionary<string, string?>(JobSettings) { ["Jobs:Parallelism"] = "1" }, traffic.Factory);
        var first = (JobOutcome)await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/slow.zip"), CancellationToken.None);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var again = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/slow.zip"), CancellationToken.None);

        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        Assert.That(again, Is.TypeOf<JobOutcome>());
        Assert.That(((JobOutcome)again).Status, Is.EqualTo(JobOutcome.InProgress));
        Assert.That(((JobOutcome)again).Job, Is.EqualTo(first.Job));
        await WaitForManifestAsync(bucket, "unzip/slow/");
        await AssertExpandedExactlyAsync(bucket, "unzip/slow/", zip, first.Job, first.Shards);
    }

    [Test]
    public async Task ExpandAsync_InlinePlanPastTheBudget_HandedToAJobThatCompletes()
    {
        var bucket = NextBucket();
        var zip = ManyEntries(8);
        await TestData.PutAsync(Client, bucket, "zip/late.zip", zip.Build());
        var traffic = new StorageTrafficHandler { Latency = TimeSpan.FromMilliseconds(400) };
        await using var host = CreateHost(bucket, new Dictionary<string, string?>(JobSettings) { ["Jobs:RequestBudgetSeconds"] = "1", ["Archive:UploadConcurrency"] = "1" }, traffic.Factory);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/late.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        Assert.That(((JobOutcome)outcome).Status, Is.EqualTo(JobOutcome.Accepted));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(3)), "the budget plus the job's creation");
        await WaitForManifestAsync(bucket, "unzip/late/");
        await AssertExpandedExactlyAsync(bucket, "unzip/late/", zip, ((JobOutcome)outcome).Job, ((JobOutcome)outcome).Shards);
    }

    [Test]
    public async Task ExpandAsync_TarGzPastTheBudget_HandedToAStreamJobThatCompletes()
    {
        // Arrange: a .tar.gz from GNU tar (tar czf), written slowly enough to pass the 1 s budget; a tar
        // has no directory to plan shards from, so its job is one shard that reads it again (decision 0031).
        var bucket = NextBucket();
        var work = Path.Combine(Work, "tar");
        var files = Enumerable.Range(0, 12).ToDictionary(i => $"t/f{i:D2}.bin", i => TestData.Random(2000 + i, i), StringComparer.Ordinal);
        await TestData.WriteTreeAsync(Path.Combine(work, "src"), files.Select(f => (f.Key, f.Value)));
        var archive = Path.Combine(work, "many.tar.gz");
        await ExternalTool.RunAsync("tar", Path.Combine(work, "src"), ["czf", archive, "t"]);
        await TestData.PutFileAsync(Client, bucket, "zip/many.tar.gz", archive);
        var traffic = new StorageTrafficHandler { Latency = TimeSpan.FromMilliseconds(150) };
        using var sink = new CompletionSink();
        await using var host = CreateHost(bucket, new Dictionary<string, string?>(JobSettings) { ["Jobs:RequestBudgetSeconds"] = "1", ["Archive:UploadConcurrency"] = "1", ["Completion:Url"] = sink.Url }, traffic.Factory);
        var started = System.Diagnostics.Stopwatch.StartNew();

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/many.tar.gz"), CancellationToken.None);
        var answeredAfter = started.Elapsed;
        var again = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/many.tar.gz"), CancellationToken.None);

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That(job.Status, Is.EqualTo(JobOutcome.Accepted));
        Assert.That(job.Shards, Is.EqualTo(1));
        Assert.That(answeredAfter, Is.LessThan(TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(3)), "the budget plus the job's creation");
        Assert.That(again, Is.TypeOf<JobOutcome>().Or.TypeOf<AlreadyExpandedOutcome>());
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(job.Job));
        Assert.That(completion["data"]!["format"]!.GetValue<string>(), Is.EqualTo("tar+gzip"));
        await WaitForManifestAsync(bucket, "unzip/many/");
        var keys = await TestData.ListKeysAsync(Client, bucket, "unzip/many/");
        Assert.That(keys, Does.Contain("unzip/many/" + ManifestName).And.Contain("unzip/many/.ossunzip/job.json"));
        Assert.That(keys.Where(k => !k.StartsWith("unzip/many/.ossunzip/", StringComparison.Ordinal)), Is.EquivalentTo(files.Keys.Select(k => "unzip/many/" + k)));
        foreach (var (name, data) in files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/many/" + name), Is.EqualTo(data), name);
        }
    }

    [Test]
    public async Task ExpandAsync_SkipExistingRuleAndAJobOfShards_PreExistingKeptAndListedAcrossAShardReRun()
    {
        // Arrange: three targets exist before (plain PUTs, other bytes: the user's), spread over the
        // shards; one more carries this source version's id, as an object the inline run wrote before it
        // handed over to the job would (other bytes, so a rewrite shows).
        var bucket = NextBucket();
        var zip = ManyEntries(100);
        await TestData.PutAsync(Client, bucket, "zip/many.zip", zip.Build());
        string[] preExisting = ["d3/f003.bin", "d5/f040.bin", "d0/f077.bin"];
        await PutUsersObjectsAsync(bucket, "unzip/many/", preExisting);
        await PutOwnObjectAsync(bucket, "zip/many.zip", "unzip/many/d1/f050.bin", "written before the hand-off");
        var traffic = new StorageTrafficHandler();
        using var sink = new CompletionSink();
        var settings = WithRule(new Dictionary<string, string?>(JobSettings) { ["Completion:Url"] = sink.Url }, bucket, "skip", "skip-existing");
        await using var host = CreateHost("", settings, traffic.Factory);

        // Act: the job, then shard 0 run again as if its first run had died before recording anything.
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/many.zip"), CancellationToken.None);
        var job = (JobOutcome)outcome;
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));
        await WaitForManifestAsync(bucket, "unzip/many/");
        var first = await ReadManifestAsync(bucket, "unzip/many/");
        await ForgetShardAsync(bucket, "unzip/many/", job.Job, 0);
        var requestsBefore = traffic.Requests.Count;
        var rerun = await RunShardAsync(host, bucket, "unzip/many/", job.Job, 0, CancellationToken.None);
        var rerunPuts = CountSince(traffic, requestsBefore, "PUT", "/unzip/many/d");
        var second = await ReadManifestAsync(bucket, "unzip/many/");

        // Assert
        var expectedSkips = preExisting.Select(n => "unzip/many/" + n).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(job.Status, Is.EqualTo(JobOutcome.Accepted));
            Assert.That(job.Shards, Is.GreaterThanOrEqualTo(2));
            Assert.That(completion["data"]!["entriesWritten"]!.GetValue<int>(), Is.EqualTo(100 - preExisting.Length));
            Assert.That(rerun, Is.EqualTo(ShardResult.Done));
            Assert.That(rerunPuts, Is.GreaterThan(0), "shard 0 wrote its objects again, its own earlier writes not taken for existing ones");
            foreach (var manifest in new[] { first, second })
            {
                Assert.That(manifest.Skipped.Where(n => n.Code == EntryNoteCodes.TargetExists).Select(n => n.Key), Is.EquivalentTo(expectedSkips));
                Assert.That(manifest.Entries, Has.Count.EqualTo(100 - preExisting.Length));
                Assert.That(manifest.Entries.Select(e => e.Key).Intersect(expectedSkips), Is.Empty);
            }
        }

        foreach (var (name, data) in zip.Files)
        {
            var expected = preExisting.Contains(name) ? UsersBytes : data;
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/many/" + name), Is.EqualTo(expected), name);
        }
    }
}
