using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>Job records as JobCoordinator writes them (claimed create-only, made current), without dispatching, for tests that run shards directly.</summary>
internal static class TestJobs
{
    /// <summary>A current-format record of <paramref name="shards"/> one-entry shards for zip/x.zip in eb-ask (output unzip/x/), for tests of what a dispatcher builds from it.</summary>
    public static JobRecord Record(int shards) => new(
        JobRecord.CurrentFormat,
        "j0123456789abcdef01234567",
        "eb-ask",
        "zip/x.zip",
        "\"e\"",
        1000,
        "eb-ask",
        "unzip/x/",
        "default",
        "event-1",
        shards,
        1000,
        1000,
        [.. Enumerable.Range(0, shards).Select(i => new ShardRange(i, i, 1, 100, 100))],
        DateTimeOffset.UnixEpoch);

    /// <summary>Claims a job of <paramref name="formatVersion"/> for the archive at <paramref name="key"/> under the rule the host routes it by.</summary>
    public static async Task<JobRecord> ClaimAsync(ExpanderHost host, int formatVersion, string bucket, string key, string outputFolder, IReadOnlyList<ShardRange> shards, string? format = null)
    {
        var version = await host.Store.TryGetVersionAsync(bucket, key, CancellationToken.None);
        var rule = host.Services.GetRequiredService<EventRouter>().RuleFor(bucket, key)!;
        var job = new JobRecord(formatVersion, JobRecord.IdFor(bucket, key, version!.ETag), bucket, key, version.ETag, version.Length, bucket, outputFolder, rule.Name, "event-" + bucket, 0, version.Length, 0, shards, DateTimeOffset.UtcNow)
        {
            Format = format,
        };
        var store = host.Services.GetRequiredService<JobStore>();
        Assert.That(await store.TryClaimAsync(job, CancellationToken.None), Is.EqualTo(CreateResult.Created));
        await store.WriteCurrentAsync(job, CancellationToken.None);
        return job;
    }
}
