using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

/// <summary>
/// Archives under a <c>fail</c> rule past the request budget (decision 0040), against a real s3rver with
/// in-process jobs: a ZIP whose planning is cut (1 ms budget, as in PlanningBudgetIntegrationTests)
/// becomes a job whose shards check every target before any write, recording the first clean sweep
/// (sweep.json); a pre-existing target fails the job with nothing written. A tar.gz made at test time
/// with GNU tar (`tar --sort=name -czf`) becomes a stream job whose shard applies fail per member.
/// </summary>
[Category("Integration")]
internal sealed class FailRuleJobIntegrationTests() : JobIntegrationFixture("failjobs", 6)
{
    private const int ZipEntries = 400;
    private const string UsersTarget = "d3/f0123.txt";

    private static readonly string[] UsersTargetOnly = [UsersTarget];
    private static readonly string[] UsersKeyOnly = ["unzip/big/" + UsersTarget];

    private static readonly Dictionary<string, string> TarFiles = Enumerable.Range(0, 24)
        .ToDictionary(i => $"t/f{i:D2}.bin", i => Convert.ToBase64String(TestData.Random(2500 + (i * 97), 300 + i)), StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task MakeArchivesAsync()
    {
        var source = Path.Combine(Work, "src");
        await TestData.WriteTreeAsync(source, TarFiles.Select(f => (f.Key, Convert.FromBase64String(f.Value))));

        await ExternalTool.RunAsync("tar", source, ["--sort=name", "-czf", Path.Combine(Work, "s.tar.gz"), "t"]);
    }

    [Test]
    public async Task ExpandAsync_FailRuleZipPlanningPastTheBudgetNoTargetExists_JobWritesEverythingOnce()
    {
        // Arrange
        var bucket = NextBucket();
        var zip = BigZip();
        await TestData.PutAsync(Client, bucket, "zip/big.zip", zip.Build());
        using var sink = new CompletionSink();
        await using var host = CreateHost("", ZipSettings(bucket, sink));

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That((job.Status, job.Shards), Is.EqualTo((JobOutcome.Accepted, 4)));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(job.Job));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType));
        Assert.That(completion["data"]!["entriesWritten"]!.GetValue<int>(), Is.EqualTo(ZipEntries));
        var record = await ReadJsonAsync(bucket, "unzip/big/.ossunzip/job.json");
        Assert.That(record["formatVersion"]!.GetValue<int>(), Is.EqualTo(JobRecord.DerivedFormat));
        var sweep = TargetSweepRecord.TryParse(await TestData.GetBytesAsync(Client, bucket, $"unzip/big/.ossunzip/jobs/{job.Job}/sweep.json"));
        Assert.That((sweep!.JobId, sweep.Objects, sweep.HeadRequests), Is.EqualTo((job.Job, ZipEntries, ZipEntries)));
        var keys = await TestData.ListKeysAsync(Client, bucket, "unzip/big/");
        Assert.That(keys.Where(k => !k.StartsWith("unzip/big/.ossunzip/", StringComparison.Ordinal)), Is.EquivalentTo(zip.Files.Keys.Select(k => "unzip/big/" + k)));
        Assert.That(keys.Count(k => k == "unzip/big/.ossunzip/manifest.json"), Is.EqualTo(1));
        await Parallel.ForEachAsync(zip.Files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (file, token) =>
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/big/" + file.Key), Is.EqualTo(file.Value), file.Key));
        Assert.That(await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None), Is.TypeOf<AlreadyExpandedOutcome>());
    }

    [Test]
    public async Task ExpandAsync_FailRuleZipPlanningPastTheBudgetAndOneTargetPreexists_JobFailsWithNothingWritten()
    {
        // Arrange: the user's object at one target.
        var bucket = NextBucket();
        var zip = BigZip();
        await TestData.PutAsync(Client, bucket, "zip/big.zip", zip.Build());
        var users = UsersBytes;
        await PutUsersObjectsAsync(bucket, "unzip/big/", UsersTargetOnly);
        using var sink = new CompletionSink();
        await using var host = CreateHost("", ZipSettings(bucket, sink));

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));
        await LetOtherShardsEndAsync();
        var again = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None);

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(job.Job));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.FailedType));
        Assert.That(completion["data"]!["entries"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(UsersTargetOnly));
        var keys = await TestData.ListKeysAsync(Client, bucket, "unzip/big/");
        Assert.That(keys.Where(k => !k.StartsWith("unzip/big/.ossunzip/", StringComparison.Ordinal)), Is.EqualTo(UsersKeyOnly), "nothing written");
        Assert.That(keys, Does.Contain("unzip/big/.ossunzip/rejection.json").And.Not.Contain("unzip/big/.ossunzip/manifest.json").And.Not.Contain($"unzip/big/.ossunzip/jobs/{job.Job}/sweep.json"));
        Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/big/" + UsersTarget), Is.EqualTo(users));
        Assert.That(again, Is.TypeOf<RejectedOutcome>(), "a redelivery answers the rejection");
        Assert.That(((RejectedOutcome)again).Code, Is.EqualTo(ArchiveRejectionCodes.TargetExists));
        Assert.That(((RejectedOutcome)again).Entries, Is.EqualTo(UsersTargetOnly));
    }

    [Test]
    public async Task RunAsync_FailRuleShardCancelledMidWriteThenRunAgainAndSweptAgain_OwnWritesNotPreexisting()
    {
        // Arrange: a version-3 job of two shards under a fail rule, as StartDerivedAsync writes it; a store
        // hook that cancels shard 0's first run when it records its first batch.
        var bucket = NextBucket();
        var zip = new ZipBuilder();
        for (var i = 0; i < 20; i++)
        {
            zip.File($"f{i:D2}.txt", TestData.Random(100 + i, i), CompressionLevel.NoCompression);
        }

        await TestData.PutAsync(Client, bucket, "zip/small.zip", zip.Build());
        var traffic = new StorageTrafficHandler();
        using var firstRun = new CancellationTokenSource();
        CancelAtProgressRecord(traffic, firstRun, nth: 1);
        using var sink = new CompletionSink();
        var settings = new Dictionary<string, string?>(ZipSettings(bucket, sink)) { ["Jobs:ProgressBatchEntries"] = "5" };
        await using var host = CreateHost("", settings, traffic.Factory);
        // The records JobCoordinator.StartDerivedAsync writes: two placeholder shards.
        var job = await TestJobs.ClaimAsync(host, JobRecord.DerivedFormat, bucket, "zip/small.zip", "unzip/small/", [new ShardRange(0, 0, 0, 0, 0), new ShardRange(1, 0, 0, 0, 0)]);
        var store = host.Services.GetRequiredService<JobStore>();

        // Act: the first run sweeps, records it and writes a batch; the re-run trusts the record; then the
        // record is lost and shard 1's sweep meets shard 0's objects.
        Assert.That(async () => await RunShardAsync(host, bucket, "unzip/small/", job.JobId, 0, firstRun.Token), Throws.InstanceOf<OperationCanceledException>());
        var writtenByFirstRun = (await TestData.ListKeysAsync(Client, bucket, "unzip/small/")).Count(k => !k.StartsWith("unzip/small/.ossunzip/", StringComparison.Ordinal));
        var sweptFirst = await store.TryReadSweepAsync(job, CancellationToken.None);
        var before = traffic.Requests.Count;
        var rerun = await RunShardAsync(host, bucket, "unzip/small/", job.JobId, 0, CancellationToken.None);
        var rerunHeads = CountSince(traffic, before, "HEAD", "/unzip/small/f");
        await Client.DeleteObjectAsync(bucket, JobStore.SweepKeyFor("unzip/small/", job.JobId));
        var other = await RunShardAsync(host, bucket, "unzip/small/", job.JobId, 1, CancellationToken.None);

        // Assert
        Assert.That(sweptFirst, Is.Not.Null, "the first run recorded its clean sweep before writing");
        Assert.That(writtenByFirstRun, Is.GreaterThan(0), "the first run wrote before it was cancelled");
        Assert.That((rerun, rerunHeads), Is.EqualTo((ShardResult.Done, 0)), "the re-run trusts the recorded sweep");
        Assert.That(other, Is.EqualTo(ShardResult.Done), "the job's own objects carry its id and are not pre-existing");
        Assert.That(await store.TryReadSweepAsync(job, CancellationToken.None), Is.Not.Null, "the second clean sweep is recorded");
        foreach (var (name, data) in zip.Files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/small/" + name), Is.EqualTo(data), name);
        }

        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(30));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType));
        Assert.That(completion["data"]!["entriesWritten"]!.GetValue<int>(), Is.EqualTo(20));
    }

    [Test]
    public async Task ExpandAsync_FailRuleTarGzPastTheBudgetNoTargetExists_StreamJobCompletes()
    {
        // Arrange
        var bucket = NextBucket();
        await TestData.PutFileAsync(Client, bucket, "zip/s.tar.gz", Path.Combine(Work, "s.tar.gz"));
        using var sink = new CompletionSink();
        await using var host = CreateHost("", ZipSettings(bucket, sink));

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.tar.gz"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(60));

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>(), "past the budget, not inline");
        Assert.That(((JobOutcome)outcome).Shards, Is.EqualTo(1));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(((JobOutcome)outcome).Job));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType));
        Assert.That(completion["data"]!["entriesWritten"]!.GetValue<int>(), Is.EqualTo(TarFiles.Count));
        var record = await ReadJsonAsync(bucket, "unzip/s/.ossunzip/job.json");
        Assert.That(record["formatVersion"]!.GetValue<int>(), Is.EqualTo(JobRecord.StreamFormat));
        foreach (var (name, data) in TarFiles)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/s/" + name), Is.EqualTo(Convert.FromBase64String(data)), name);
        }
    }

    [Test]
    public async Task ExpandAsync_FailRuleTarGzPastTheBudgetAndAMemberTargetPreexists_JobRejectedTargetExists()
    {
        // Arrange: the user's object at the target of the eleventh member.
        var bucket = NextBucket();
        await TestData.PutFileAsync(Client, bucket, "zip/s.tar.gz", Path.Combine(Work, "s.tar.gz"));
        var users = UsersBytes;
        await PutUsersObjectsAsync(bucket, "unzip/s/", ["t/f10.bin"]);
        using var sink = new CompletionSink();
        await using var host = CreateHost("", ZipSettings(bucket, sink));

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.tar.gz"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(60));
        await LetOtherShardsEndAsync();
        var again = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.tar.gz"), CancellationToken.None);

        // Assert: the members before it may stay written (as inline); none after it is.
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.FailedType));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(((JobOutcome)outcome).Job));
        Assert.That(completion["data"]!["code"]!.GetValue<string>(), Is.EqualTo(ArchiveRejectionCodes.TargetExists));
        Assert.That(completion["data"]!["entries"]!.AsArray().Select(e => e!.GetValue<string>()), Does.Contain("t/f10.bin"));
        Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/s/t/f10.bin"), Is.EqualTo(users));
        var keys = await TestData.ListKeysAsync(Client, bucket, "unzip/s/");
        Assert.That(keys, Does.Contain("unzip/s/.ossunzip/rejection.json").And.Not.Contain("unzip/s/.ossunzip/manifest.json").And.Not.Contain("unzip/s/t/f23.bin"));
        Assert.That(again, Is.TypeOf<RejectedOutcome>());
        Assert.That(((RejectedOutcome)again).Code, Is.EqualTo(ArchiveRejectionCodes.TargetExists));
    }

    /// <summary>400 stored one-byte entries in five folders: the request cannot plan them and HEAD their targets in 1 ms.</summary>
    private static ZipBuilder BigZip()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < ZipEntries; i++)
        {
            zip.File($"d{i % 5}/f{i:D4}.txt", [(byte)('a' + (i % 26))], CompressionLevel.NoCompression);
        }

        return zip;
    }

    private static Dictionary<string, string?> ZipSettings(string bucket, CompletionSink sink) => WithRule(new Dictionary<string, string?>
    {
        ["Jobs:Mode"] = "InProcess",
        ["Jobs:RequestBudgetSeconds"] = "0.001",
        ["Jobs:ShardEntries"] = "100",
        ["Jobs:ProgressBatchEntries"] = "50",
        ["Jobs:Parallelism"] = "2",
        ["Archive:UploadConcurrency"] = "4",
        ["Completion:Url"] = sink.Url,
    }, bucket, "fail", "fail");

    /// <summary>
    /// Gives the job's other shards (in-process, two at a time) time to meet the same target and stop, so
    /// that "nothing written" is not read before a straggler could have written.
    /// </summary>
    private static Task LetOtherShardsEndAsync() => Task.Delay(TimeSpan.FromSeconds(1.5));
}
