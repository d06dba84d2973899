using System.Diagnostics;
using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

/// <summary>
/// A ZIP whose planning passes the request budget (decision 0036), end to end in one process
/// (Jobs:Mode=InProcess) against a real s3rver: the request answers 202 within the budget plus the job's
/// creation, with a job sized from the end record whose shards plan the archive themselves and take
/// their ranges from the same split; every object is written byte-exact, once, with one manifest and one
/// completion event (by id). The budget is tiny (1 ms) so the cut does not depend on the machine's speed; the
/// archive is 2,000 stored one-byte entries built in memory by <see cref="ZipBuilder"/>. The first shard to
/// plan records its plan (plan.json, create-only); a shard whose own plan differs refuses to run.
/// </summary>
[Category("Integration")]
internal sealed class PlanningBudgetIntegrationTests() : JobIntegrationFixture("planbudget", 3)
{
    private const int EntryCount = 2000;

    [Test]
    public async Task ExpandAsync_PlanningPastTheBudget_AcceptedAtOnceAsAJobWhoseShardsPlanAndWriteEverythingOnce()
    {
        // Arrange
        var bucket = NextBucket();
        var zip = new ZipBuilder();
        for (var i = 0; i < EntryCount; i++)
        {
            zip.File($"d{i % 5}/f{i:D4}.txt", [(byte)('a' + (i % 26))], CompressionLevel.NoCompression);
        }

        await TestData.PutAsync(Client, bucket, "zip/big.zip", zip.Build());
        using var sink = new CompletionSink();
        await using var host = CreateHost(bucket, new Dictionary<string, string?>
        {
            ["Jobs:Mode"] = "InProcess",
            ["Jobs:RequestBudgetSeconds"] = "0.001",
            ["Jobs:ShardEntries"] = "500",
            ["Jobs:ProgressBatchEntries"] = "250",
            ["Jobs:Parallelism"] = "2",
            ["Completion:Url"] = sink.Url,
        });
        var started = Stopwatch.StartNew();

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None);
        var answeredAfter = started.Elapsed;
        var again = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None);

        // Assert
        Assert.That(outcome, Is.TypeOf<JobOutcome>());
        var job = (JobOutcome)outcome;
        Assert.That(job.Status, Is.EqualTo(JobOutcome.Accepted));
        Assert.That(job.Shards, Is.EqualTo(4), "the end record's 2,000 entries at 500 per shard");
        Assert.That(answeredAfter, Is.LessThan(TimeSpan.FromSeconds(3)), "the budget plus the job's creation");
        Assert.That(again, Is.TypeOf<JobOutcome>().Or.TypeOf<AlreadyExpandedOutcome>());
        if (again is JobOutcome redelivered)
        {
            Assert.That((redelivered.Job, redelivered.Shards), Is.EqualTo((job.Job, 4)));
        }

        var completion = await sink.WaitForEventAsync(TimeSpan.FromSeconds(180));
        Assert.That(completion["id"]!.GetValue<string>(), Is.EqualTo(job.Job));
        Assert.That(completion["type"]!.GetValue<string>(), Is.EqualTo(CompletionEvent.ExpandedType));
        Assert.That(completion["data"]!["entriesWritten"]!.GetValue<int>(), Is.EqualTo(EntryCount));
        var record = await ReadJsonAsync(bucket, "unzip/big/.ossunzip/job.json");
        Assert.That(record["formatVersion"]!.GetValue<int>(), Is.EqualTo(JobRecord.DerivedFormat));
        await AssertExpandedExactlyAsync(bucket, "unzip/big/", zip, job.Job, job.Shards);
        var plan = ShardPlanRecord.TryParse(await TestData.GetBytesAsync(Client, bucket, $"unzip/big/.ossunzip/jobs/{job.Job}/plan.json"));
        Assert.That((plan!.Entries, plan.Objects, plan.OutputFolder), Is.EqualTo((EntryCount, EntryCount, "unzip/big/")));
        Assert.That(await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/big.zip"), CancellationToken.None), Is.TypeOf<AlreadyExpandedOutcome>());
        await AssertOneCompletionEventAsync(sink, job.Job, TimeSpan.FromMilliseconds(500));
    }

    [Test]
    public async Task RunAsync_ShardOfADerivedJobWhosePlanDiffersFromTheFirstShards_RefusesBeforeWritingAnything()
    {
        // Arrange: a version-3 job record as StartDerivedAsync writes it (two shards, no ranges), and a plan
        // record from a first shard whose settings planned one object fewer.
        var bucket = NextBucket();
        var zip = new ZipBuilder();
        for (var i = 0; i < 20; i++)
        {
            zip.File($"f{i:D2}.txt", [(byte)('a' + i)], CompressionLevel.NoCompression);
        }

        await TestData.PutAsync(Client, bucket, "zip/small.zip", zip.Build());
        await using var host = CreateHost(bucket, new Dictionary<string, string?> { ["Jobs:Mode"] = "InProcess" });
        var job = await TestJobs.ClaimAsync(host, JobRecord.DerivedFormat, bucket, "zip/small.zip", "unzip/small/", [new ShardRange(0, 0, 0, 0, 0), new ShardRange(1, 0, 0, 0, 0)]);
        var store = host.Services.GetRequiredService<JobStore>();
        Assert.That(await store.TryCreatePlanAsync(job, new ShardPlanRecord(job.JobId, 20, 19, "unzip/small/", DateTimeOffset.UtcNow), CancellationToken.None), Is.EqualTo(OssUnzip.Function.Storage.CreateResult.Created));

        // Act
        var run = async () => await RunShardAsync(host, bucket, "unzip/small/", job.JobId, 0, CancellationToken.None);

        // Assert
        Assert.That(run, Throws.InvalidOperationException.With.Message.Contains("planned 19 objects of 20 entries").And.Message.Contains("plan 20 objects of 20 entries"));
        var keys = await TestData.ListKeysAsync(Client, bucket, "unzip/small/");
        Assert.That(keys.Where(k => !k.StartsWith("unzip/small/.ossunzip/", StringComparison.Ordinal)), Is.Empty, "nothing written");
    }
}
