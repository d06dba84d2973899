using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

/// <summary>
/// What the jobs' integration tests share over their s3rver: a scratch folder for archives made at test
/// time (<see cref="Work"/>, deleted after the fixture), a rule's settings, the objects a user or an earlier
/// run of the same source version left at the targets, a store hook that cancels a shard's run when it
/// records progress, running a shard directly, and reading back the records (manifest, job record) a job
/// leaves. Assertions stay in the test classes, but for the two every job test makes alike
/// (<see cref="AssertExpandedExactlyAsync"/>, <see cref="AssertOneCompletionEventAsync"/>).
/// </summary>
internal abstract class JobIntegrationFixture : S3rverFixture
{
    protected const string ManifestName = ".ossunzip/manifest.json";

    /// <summary>The bytes a user's own object at a target holds.</summary>
    protected static readonly byte[] UsersBytes = "the user's"u8.ToArray();

    private readonly string _workPrefix;
    private string? _work;

    /// <param name="bucketPrefix">Names the fixture's buckets (<see cref="S3rverFixture(string, int)"/>) and its scratch folder.</param>
    protected JobIntegrationFixture(string bucketPrefix, int bucketCount)
        : base(bucketPrefix, bucketCount) => _workPrefix = $"ossunzip-{bucketPrefix}-";

    /// <summary>A scratch folder of this fixture's, for archives made at test time.</summary>
    protected string Work => _work ?? throw new InvalidOperationException("The fixture is not set up.");

    [OneTimeSetUp]
    public void CreateWorkFolder() => _work = Directory.CreateTempSubdirectory(_workPrefix).FullName;

    [OneTimeTearDown]
    public void DeleteWorkFolder()
    {
        if (_work is not null)
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    /// <summary><paramref name="settings"/> with rule 0 named <paramref name="name"/> over <paramref name="bucket"/>, its overwrite policy <paramref name="overwrite"/>.</summary>
    protected static Dictionary<string, string?> WithRule(IDictionary<string, string?> settings, string bucket, string name, string overwrite) => new(settings)
    {
        ["Unzip:Rules:0:Name"] = name,
        ["Unzip:Rules:0:Bucket"] = bucket,
        ["Unzip:Rules:0:Overwrite"] = overwrite,
    };

    /// <summary>The user's objects (<see cref="UsersBytes"/>, no source id) at <paramref name="names"/> under <paramref name="outputFolder"/>.</summary>
    protected async Task PutUsersObjectsAsync(string bucket, string outputFolder, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            await TestData.PutAsync(Client, bucket, outputFolder + name, UsersBytes);
        }
    }

    /// <summary>An object at <paramref name="key"/> carrying the id of the archive's current version, as one an earlier run of it wrote (other bytes, so a rewrite shows).</summary>
    protected async Task PutOwnObjectAsync(string bucket, string archiveKey, string key, string body)
    {
        var eTag = (await Client.GetObjectMetadataAsync(bucket, archiveKey)).ETag;
        var ours = new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body };
        ours.Metadata[ObjectHeaders.SourceMetadataKey] = ArchiveSource.IdFor(bucket, archiveKey, eTag);
        await Client.PutObjectAsync(ours);
    }

    /// <summary>Makes <paramref name="traffic"/> cancel <paramref name="run"/> when shard 0 records its progress for the <paramref name="nth"/> time.</summary>
    protected static void CancelAtProgressRecord(StorageTrafficHandler traffic, CancellationTokenSource run, int nth)
    {
        var progressPuts = 0;
        traffic.SlowDown = request =>
        {
            if (request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.EndsWith("shard-0.progress.json", StringComparison.Ordinal) && Interlocked.Increment(ref progressPuts) == nth)
            {
                run.Cancel();
            }

            return false;
        };
    }

    /// <summary>Runs shard <paramref name="shard"/> of the job directly, as a shard process would.</summary>
    protected static Task<ShardResult> RunShardAsync(ExpanderHost host, string bucket, string outputFolder, string jobId, int shard, CancellationToken cancellationToken) =>
        host.Services.GetRequiredService<ShardRunner>().RunAsync(bucket, outputFolder, jobId, shard, cancellationToken);

    /// <summary>Deletes shard <paramref name="shard"/>'s done and progress records, as if its run had died before recording anything.</summary>
    protected async Task ForgetShardAsync(string bucket, string outputFolder, string jobId, int shard)
    {
        await Client.DeleteObjectAsync(bucket, JobStore.DoneKeyFor(outputFolder, jobId, shard));
        await Client.DeleteObjectAsync(bucket, JobStore.ProgressKeyFor(outputFolder, jobId, shard));
    }

    /// <summary>The storage requests sent since the first <paramref name="before"/> whose line starts with <paramref name="method"/> and names <paramref name="pathPart"/>.</summary>
    protected static int CountSince(StorageTrafficHandler traffic, int before, string method, string pathPart) =>
        traffic.Requests.Skip(before).Count(r => r.StartsWith(method + " ", StringComparison.Ordinal) && r.Contains(pathPart, StringComparison.Ordinal));

    protected async Task<JsonNode> ReadJsonAsync(string bucket, string key) =>
        JsonNode.Parse(await TestData.GetBytesAsync(Client, bucket, key))!;

    protected async Task<ExpansionManifest> ReadManifestAsync(string bucket, string outputFolder) =>
        ExpansionManifest.TryParse(await TestData.GetBytesAsync(Client, bucket, outputFolder + ManifestName)) ?? throw new AssertionException("no manifest");

    protected async Task WaitForManifestAsync(string bucket, string outputFolder)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while ((await TestData.ListKeysAsync(Client, bucket, outputFolder)).All(k => k != outputFolder + ManifestName))
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>The output folder holds exactly the ZIP's files, byte-exact, and the records of the job's <paramref name="shards"/> shards.</summary>
    protected async Task AssertExpandedExactlyAsync(string bucket, string outputFolder, ZipBuilder zip, string jobId, int shards)
    {
        var keys = await TestData.ListKeysAsync(Client, bucket, outputFolder);
        var records = keys.Where(k => k.StartsWith(outputFolder + ".ossunzip/", StringComparison.Ordinal)).ToList();
        Assert.That(keys.Except(records), Is.EquivalentTo(zip.Files.Keys.Select(k => outputFolder + k)));
        Assert.That(records, Does.Contain(outputFolder + ManifestName).And.Contain(outputFolder + ".ossunzip/job.json").And.Contain($"{outputFolder}.ossunzip/jobs/{jobId}/job.json"));
        Assert.That(records.Count(r => r.EndsWith(".done.json", StringComparison.Ordinal)), Is.EqualTo(shards));
        await Parallel.ForEachAsync(zip.Files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (file, token) =>
            Assert.That(await TestData.GetBytesAsync(Client, bucket, outputFolder + file.Key), Is.EqualTo(file.Value), file.Key));
    }

    /// <summary>
    /// After <paramref name="settle"/> for a late duplicate to arrive: every completion event received has
    /// the job's id (two shards finishing together may both send it: at-least-once, README).
    /// </summary>
    protected static async Task AssertOneCompletionEventAsync(CompletionSink sink, string jobId, TimeSpan settle)
    {
        await Task.Delay(settle);
        Assert.That(sink.Received.Select(e => e["id"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { jobId }), "one completion event, by id");
    }
}
