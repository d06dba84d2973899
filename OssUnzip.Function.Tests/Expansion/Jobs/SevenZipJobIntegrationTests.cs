using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

/// <summary>
/// A 7z past the request budget, sharded by folder range (decision 0035), end to end in one process
/// (Jobs:Mode=InProcess) against a real s3rver. The archive is made at test time by the real 7-Zip
/// (`7z a -mx=1 -ms=4f`: 16 random 80 KB files, four per solid block, so four folders of about 640 KB of
/// weight each, plus an empty file, an empty folder and a small file under the service's reserved records
/// folder, which the sanitizer renames, in a folder of its own; and two random 200 KB files whose names
/// differ only in Unicode form, so they map to one key, the earlier at the end of folder 0 and the later at
/// the start of folder 1); Jobs:ShardBytes at its 1 MiB minimum gives five shards, the first two holding
/// one of the two names each: the later file's content stands, whichever shard finishes first.
/// The same bucket is first expanded inline, and the job's manifest must equal that one (but for its
/// times); every object is byte-exact; one completion event by id; a finished shard run again PUTs no
/// object; a damaged folder fails the job (rejection record naming the entry, failed event, no manifest).
/// Under a skip-existing rule the range shards leave the user's objects alone and the one manifest lists
/// exactly them, as inline, also after a shard is run again (decision 0042). The same files archived with
/// an encrypted header (`-mhe=on -p...`) shard alike once a configured password opens the header; without
/// one, or with wrong ones, the request rejects before anything is written.
/// </summary>
[Category("Integration")]
internal sealed class SevenZipJobIntegrationTests() : JobIntegrationFixture("sevenzipjobs", 7)
{
    private const string Output = "unzip/s/";
    private const int FolderCount = 5;
    private const string Password = "ranges-é-secret";

    /// <summary>Targets the user wrote before the upload: in folders 0, 1 and 3, so in three shards.</summary>
    private static readonly string[] UserTargets = ["t/f01.bin", "t/f06.bin", "t/f13.bin"];

    /// <summary>Two names of one key (NFD, then NFC: Archive:NormalizeNamesToNfc), 7-Zip's sort puts them last in folder 0 and first in folder 1.</summary>
    private const string EarlierName = "t/f02e\u0301.bin";
    private const string LaterName = "t/f02\u00e9.bin";

    /// <summary>Where the later of the two names goes: the earlier one, composed, already holds <see cref="LaterName"/> (decision 0043).</summary>
    private const string LaterKeptAs = "t/f02\u00e9~2.bin";

    private static readonly byte[] EarlierData = TestData.Random(200_000, 801);
    private static readonly byte[] LaterData = TestData.Random(200_000, 802);

    private static readonly Dictionary<string, byte[]> Files = Enumerable.Range(0, 16)
        .ToDictionary(i => $"t/f{i:D2}.bin", i => TestData.Random(80_000 + (i * 101), 700 + i), StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task MakeArchiveAsync()
    {
        var source = Path.Combine(Work, "src");
        await TestData.WriteTreeAsync(source, Files.Select(f => (f.Key, f.Value)));

        await File.WriteAllBytesAsync(Path.Combine(source, EarlierName), EarlierData);
        await File.WriteAllBytesAsync(Path.Combine(source, LaterName), LaterData);
        Directory.CreateDirectory(Path.Combine(source, "t", "empty-folder"));
        await File.WriteAllBytesAsync(Path.Combine(source, "t", "empty.txt"), []);
        Directory.CreateDirectory(Path.Combine(source, ".ossunzip"));
        await File.WriteAllBytesAsync(Path.Combine(source, ".ossunzip", "manifest.json"), "not ours"u8.ToArray());
        await ExternalTool.RunAsync("7z", source, ["a", "-bd", "-mx=1", "-ms=4f", Path.Combine(Work, "s.7z"), "t", ".ossunzip"]);
        await ExternalTool.RunAsync("7z", source, ["a", "-bd", "-mx=1", "-ms=4f", "-mhe=on", "-p" + Password, Path.Combine(Work, "he.7z"), "t", ".ossunzip"]);
    }

    [Test]
    public async Task ExpandAsync_SevenZipPastTheBudget_OneShardPerFolderRangeWithTheInlineManifest()
    {
        // Arrange: the inline run's manifest and objects, then the same bucket emptied for the job.
        var bucket = NextBucket();
        await TestData.PutFileAsync(Client, bucket, "zip/s.7z", Path.Combine(Work, "s.7z"));
        var inlineObjects = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        JsonNode inlineManifest;
        await using (var inline = CreateHost(bucket))
        {
            Assert.That(await inline.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.7z"), CancellationToken.None), Is.TypeOf<ExpandedOutcome>());
            inlineManifest = await ReadJsonAsync(bucket, Output + ManifestName);
            foreach (var key in await TestData.ListKeysAsync(Client, bucket, Output))
            {
                inlineObjects[key] = await TestData.GetBytesAsync(Client, bucket, key);
                await Client.DeleteObjectAsync(bucket, key);
            }
        }

        using var sink = new CompletionSink();
        var traffic = new StorageTrafficHandler();
        await using var host = CreateHost(bucket, Settings(sink), traffic.Factory);

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.7z"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That((job.Status, job.Shards), Is.EqualTo((JobOutcome.Accepted, FolderCount)), "folder ranges at Jobs:ShardBytes 1 MiB");
        var record = await ReadJsonAsync(bucket, Output + ".ossunzip/job.json");
        Assert.That(record["formatVersion"]!.GetValue<int>(), Is.EqualTo(JobRecord.SevenZipRangesFormat));
        Assert.That(record["shards"]!.AsArray().Take(2).Select(s => (s!["first"]!.GetValue<int>(), s["count"]!.GetValue<int>())), Is.EqualTo(new[] { (0, 1), (1, 1) }), "the two names composing onto one key, in two shards");
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(job.Job));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType));

        var objectKeys = inlineObjects.Keys.Where(k => !k.StartsWith(Output + ".ossunzip/", StringComparison.Ordinal)).ToList();
        Assert.That(objectKeys, Has.Count.EqualTo(Files.Count + 4), "16 files, the two names composing onto one key (the later under ~2), the empty file, the renamed reserved-folder file");
        var keys = await TestData.ListKeysAsync(Client, bucket, Output);
        Assert.That(keys.Where(k => !k.StartsWith(Output + ".ossunzip/", StringComparison.Ordinal)), Is.EquivalentTo(objectKeys));
        foreach (var key in objectKeys)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, key), Is.EqualTo(inlineObjects[key]), key);
        }

        foreach (var (name, data) in Files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + name), Is.EqualTo(data), name);
        }

        Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + LaterName), Is.EqualTo(EarlierData), "the earlier of two names composing onto one key keeps it, as inline");
        Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + LaterKeptAs), Is.EqualTo(LaterData), "the later one is kept under ~2, as inline");
        var manifest = await ReadJsonAsync(bucket, Output + ManifestName);
        Assert.That(inlineManifest["renamed"]!.AsArray(), Is.Not.Empty, "the reserved-folder file is renamed, inline and in the job");
        Assert.That(inlineManifest["renamed"]!.ToJsonString(), Does.Contain("composed-name-taken"), "the later of two names composing onto one key is listed as renamed, inline and in the job");
        Assert.That(JsonNode.DeepEquals(WithoutTimes(manifest), WithoutTimes(inlineManifest)), Is.True, $"job: {manifest.ToJsonString()}\ninline: {inlineManifest.ToJsonString()}");

        // A finished shard run again: no object PUT again.
        var before = traffic.Requests.Count;
        var again = await RunShardAsync(host, bucket, Output, job.Job, 1, CancellationToken.None);
        Assert.That(again, Is.EqualTo(ShardResult.Done));
        var puts = traffic.Requests.Skip(before).Where(r => r.StartsWith("PUT ", StringComparison.Ordinal) && r.Contains("/" + Output, StringComparison.Ordinal) && !r.Contains("/.ossunzip/", StringComparison.Ordinal));
        Assert.That(puts, Is.Empty);
        await AssertOneCompletionEventAsync(sink, job.Job, TimeSpan.FromMilliseconds(300));
    }

    [Test]
    public async Task ExpandAsync_SevenZipJobWithADamagedFolder_FailsTheJobWithoutAManifest()
    {
        // Arrange: bytes in the middle of the packed streams (the third folder's; the header is at the end) changed.
        var bucket = NextBucket();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Work, "s.7z"));
        var middle = (int)(bytes.Length * 0.6);
        for (var i = middle; i < middle + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        await TestData.PutAsync(Client, bucket, "zip/s.7z", bytes);
        using var sink = new CompletionSink();
        await using var host = CreateHost(bucket, Settings(sink));

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.7z"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That(job.Shards, Is.EqualTo(FolderCount));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(job.Job));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.FailedType));
        var keys = await TestData.ListKeysAsync(Client, bucket, Output);
        Assert.That(keys, Does.Contain(Output + ".ossunzip/rejection.json").And.Not.Contain(Output + ManifestName));
        var rejection = await ReadJsonAsync(bucket, Output + ".ossunzip/rejection.json");
        Assert.That(rejection["code"]!.GetValue<string>(), Is.EqualTo("entry-data-corrupt"));
        Assert.That(rejection.ToJsonString(), Does.Match("t/f\\d\\d\\.bin"), "the rejection names the entry");
    }

    [Test]
    public async Task ExpandAsync_SevenZipPastTheBudgetUnderSkipExisting_RangeShardsKeepAndListOnlyTheUsersTargets()
    {
        // Arrange: the user's three targets, the inline run's manifest under the same rule, then every
        // object but the user's removed for the job.
        var bucket = NextBucket();
        await TestData.PutFileAsync(Client, bucket, "zip/s.7z", Path.Combine(Work, "s.7z"));
        await PutUsersObjectsAsync(bucket, Output, UserTargets);

        JsonNode inlineManifest;
        await using (var inline = CreateHost("", SkipExisting(bucket, new Dictionary<string, string?>())))
        {
            Assert.That(await inline.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.7z"), CancellationToken.None), Is.TypeOf<ExpandedOutcome>());
            inlineManifest = await ReadJsonAsync(bucket, Output + ManifestName);
            foreach (var key in (await TestData.ListKeysAsync(Client, bucket, Output)).Where(k => !UserTargets.Contains(k[Output.Length..])))
            {
                await Client.DeleteObjectAsync(bucket, key);
            }
        }

        using var sink = new CompletionSink();
        var traffic = new StorageTrafficHandler();
        await using var host = CreateHost("", SkipExisting(bucket, Settings(sink)), traffic.Factory);

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.7z"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That(job.Shards, Is.EqualTo(FolderCount), "skip-existing shards by folder range too");
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType));
        var manifest = await ReadJsonAsync(bucket, Output + ManifestName);
        Assert.That(TargetExists(manifest), Is.EquivalentTo(UserTargets.Select(n => Output + n)));
        Assert.That(JsonNode.DeepEquals(WithoutTimes(manifest), WithoutTimes(inlineManifest)), Is.True, $"job: {manifest.ToJsonString()}\ninline: {inlineManifest.ToJsonString()}");
        await AssertUserTargetsAndFilesAsync(bucket);

        // A shard run again from nothing (its records gone): its own objects are written again, not taken
        // for the user's, and the manifest it finishes with lists the same three.
        await ForgetShardAsync(bucket, Output, job.Job, 1);
        await Client.DeleteObjectAsync(bucket, Output + ManifestName);
        var before = traffic.Requests.Count;
        var again = await RunShardAsync(host, bucket, Output, job.Job, 1, CancellationToken.None);
        Assert.That(again, Is.EqualTo(ShardResult.Done));
        var puts = CountSince(traffic, before, "PUT", "/" + Output + "t/");
        Assert.That(puts, Is.GreaterThan(0), "the re-run writes its own objects again");
        var rerunManifest = await ReadJsonAsync(bucket, Output + ManifestName);
        Assert.That(TargetExists(rerunManifest), Is.EquivalentTo(UserTargets.Select(n => Output + n)), "the re-run's own writes are not listed");
        await AssertUserTargetsAndFilesAsync(bucket);
    }

    [Test]
    public async Task ExpandAsync_RangesNotPlannedWithinRangePlanningSeconds_OneShardJobByteExact()
    {
        // Arrange: no time at all for the ranges after the cut; the archive is handed over as it is.
        var bucket = NextBucket();
        await TestData.PutFileAsync(Client, bucket, "zip/s.7z", Path.Combine(Work, "he.7z"));
        using var sink = new CompletionSink();
        var settings = new Dictionary<string, string?>(Settings(sink)) { ["Archive:Passwords"] = "not it," + Password, ["Jobs:RangePlanningSeconds"] = "0" };
        await using var host = CreateHost(bucket, settings);

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.7z"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        Assert.That(((JobOutcome)outcome).Shards, Is.EqualTo(1), "the one-shard stream job");
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType), completion.ToJsonString());
        foreach (var (name, data) in Files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + name), Is.EqualTo(data), name);
        }
    }

    [Test]
    public async Task ExpandAsync_SevenZipWithEncryptedHeaderPastTheBudget_OneShardPerFolderRangeByteExact()
    {
        // Arrange
        var bucket = NextBucket();
        await TestData.PutFileAsync(Client, bucket, "zip/s.7z", Path.Combine(Work, "he.7z"));
        using var sink = new CompletionSink();
        var settings = new Dictionary<string, string?>(Settings(sink)) { ["Archive:Passwords"] = "not it," + Password };
        await using var host = CreateHost(bucket, settings);

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.7z"), CancellationToken.None);
        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(120));

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That(job.Shards, Is.EqualTo(FolderCount), "the header opened with the second password, split as the plain one");
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType), completion.ToJsonString());
        foreach (var (name, data) in Files)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + name), Is.EqualTo(data), name);
        }

        Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + LaterName), Is.EqualTo(EarlierData));
        Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + LaterKeptAs), Is.EqualTo(LaterData));
        var manifest = await ReadJsonAsync(bucket, Output + ManifestName);
        Assert.That(manifest["entries"]!.AsArray(), Has.Count.EqualTo(Files.Count + 4), manifest.ToJsonString());
        Assert.That(manifest["summary"]!["format"]!.GetValue<string>(), Is.EqualTo("7z"));
    }

    [TestCase(null, "password-required")]
    [TestCase("not it,nor this", "wrong-password")]
    public async Task ExpandAsync_SevenZipWithEncryptedHeaderAndNoFittingPassword_RejectedWithNothingWritten(string? passwords, string code)
    {
        // Arrange
        var bucket = NextBucket();
        await TestData.PutFileAsync(Client, bucket, "zip/s.7z", Path.Combine(Work, "he.7z"));
        using var sink = new CompletionSink();
        var settings = new Dictionary<string, string?>(Settings(sink)) { ["Archive:Passwords"] = passwords };
        await using var host = CreateHost(bucket, settings);

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.7z"), CancellationToken.None);

        // Assert: the same answer whether the inline run or the job's range planning found it.
        Assert.That(outcome, Is.TypeOf<RejectedOutcome>());
        Assert.That(((RejectedOutcome)outcome).Code, Is.EqualTo(code));
        var keys = await TestData.ListKeysAsync(Client, bucket, Output);
        Assert.That(keys.Where(k => !k.StartsWith(Output + ".ossunzip/", StringComparison.Ordinal)), Is.Empty, "nothing was written");
        Assert.That(keys, Does.Not.Contain(Output + ".ossunzip/job.json"));
    }

    private async Task AssertUserTargetsAndFilesAsync(string bucket)
    {
        foreach (var (name, data) in Files)
        {
            var expected = UserTargets.Contains(name) ? UsersBytes : data;
            Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + name), Is.EqualTo(expected), name);
        }

        Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + LaterName), Is.EqualTo(EarlierData));
        Assert.That(await TestData.GetBytesAsync(Client, bucket, Output + LaterKeptAs), Is.EqualTo(LaterData));
    }

    private static IEnumerable<string> TargetExists(JsonNode manifest) =>
        manifest["skipped"]!.AsArray().Where(n => n!["code"]?.GetValue<string>() == "target-exists").Select(n => n!["key"]!.GetValue<string>());

    private static Dictionary<string, string?> SkipExisting(string bucket, Dictionary<string, string?> settings) => WithRule(settings, bucket, "skip", "skip-existing");

    private static Dictionary<string, string?> Settings(CompletionSink sink) => new()
    {
        ["Jobs:Mode"] = "InProcess",
        ["Jobs:RequestBudgetSeconds"] = "0.001",
        // Room for the range planning after the cut on a loaded machine (the default 0.5 s is for production).
        ["Jobs:RangePlanningSeconds"] = "60",
        ["Jobs:ShardBytes"] = "1048576",
        ["Jobs:ProgressBatchEntries"] = "2",
        ["Jobs:Parallelism"] = "2",
        ["Completion:Url"] = sink.Url,
    };

    private static JsonNode WithoutTimes(JsonNode manifest)
    {
        var copy = manifest.DeepClone();
        var summary = copy["summary"]!.AsObject();
        summary.Remove("startedAt");
        summary.Remove("completedAt");
        summary.Remove("durationMs");
        return copy;
    }
}
