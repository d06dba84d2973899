using System.Globalization;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Store;
using OssUnzip.Benchmarks.Workloads;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Testing;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// Ours as a job (issue 16): the app's composition in this process (the function's side: central
/// directory, plan, job record, dispatch) with <c>Jobs:Mode=LocalProcesses</c>, so the product's own
/// <see cref="LocalProcessJobDispatcher"/> starts the shards as child processes of the app, at most
/// <see cref="ScenarioRequest.ShardProcesses"/> at a time (<c>Jobs:Parallelism</c>). The shard targets
/// are set so the plan has about <see cref="TargetShards"/> shards, so every process has work. Every
/// client, this one and the shards, reaches s3rver through the parent's <see cref="LatencyProxy"/>
/// (<see cref="ScenarioRequest.ServiceUrl"/>), which adds the row's latency; so no latency is added here.
/// Timed from the event to the manifest on the store's disk (polled there: no requests).
/// </summary>
internal static class ShardsScenario
{
    /// <summary>Shards the plan is sized for: more than the largest process count, so 1, 2 and 4 all stay busy.</summary>
    public const int TargetShards = 12;

    private static readonly TimeSpan ShardExitWait = TimeSpan.FromSeconds(60);

    /// <summary>How long the row waits with no shard process alive before it calls the job failed (the dispatcher retries an index within a few seconds).</summary>
    private static readonly TimeSpan NoShardAliveLimit = TimeSpan.FromSeconds(60);

    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(manifest);
        // The dispatcher starts shards as this process's program; under dotnet that is `dotnet
        // OssUnzip.Function.dll shard ...` (the app's assembly beside ours, with its own runtimeconfig and
        // deps, as the image's Jobs:ShardProgram runs it). The parent starts this scenario under dotnet.
        if (!string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The shards scenario must run under dotnet (it runs as {Environment.ProcessPath}); its shard processes would not be the app.");
        }

        var settings = Settings(request, manifest);
        await using var host = new ScenarioHost(request with { LatencyMs = 0, Settings = settings });
        // The shard processes read their settings from the environment they inherit (Storage__ServiceUrl, ...).
        foreach (var (key, value) in host.Settings)
        {
            Environment.SetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal), value);
        }

        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var manifestPath = S3rverDisk.ObjectPath(request.StoreDataDirectory ?? throw new InvalidOperationException("The shards scenario needs the store's data directory."), request.Bucket, request.OutputPrefix + ".ossunzip/manifest.json");
        var objectCreated = ExpanderHost.PutEvent(request.Bucket, request.ArchiveKey);
        ScenarioClock clock;
        double accepted, seconds;
        ExpansionOutcome outcome;
        await using (var shards = new ShardProcessSampler())
        {
            clock = ScenarioClock.Start();
            outcome = await host.Expander.ExpandAsync(objectCreated, cancellationToken);
            accepted = clock.Seconds;
            if (outcome is not JobOutcome { Status: JobOutcome.Accepted } job)
            {
                throw new InvalidOperationException("The archive did not become a job: " + outcome);
            }

            // A job whose shards all fail (a bad --set, a permanent rejection) or never start leaves no manifest:
            // when no shard process has been alive for a while, the row fails instead of waiting forever.
            var quietSince = clock.Seconds;
            while (!File.Exists(manifestPath))
            {
                await Task.Delay(50, cancellationToken);
                if (shards.Alive > 0)
                {
                    quietSince = clock.Seconds;
                }
                else if (clock.Seconds - quietSince > NoShardAliveLimit.TotalSeconds)
                {
                    throw new InvalidOperationException($"No shard process has been alive for {NoShardAliveLimit.TotalSeconds:F0} s and the job wrote no manifest ({shards.Seen.Count} shard processes seen): its shards failed or never started (run the shard command by hand with the same settings to see why).");
                }
            }

            seconds = clock.Seconds;
            await shards.WaitUntilNoneAliveAsync(ShardExitWait, cancellationToken);
            // getrusage's CPU of reaped children is exact; its maxrss is not usable here: a child's counts
            // the parent's image it was forked from, before exec (it came out equal to the host's peak).
            var (_, childCpu) = ResourceUsage.Children();
            var hostCpu = clock.CpuSeconds;
            var hostPeak = ResourceUsage.PeakRssBytes();
            var seen = shards.Seen;
            var shardPeak = seen.Count == 0 ? 0 : seen.Max(s => s.PeakRssBytes);
            var note = Describe(job.Shards, request.ShardProcesses, accepted, seen, childCpu.TotalSeconds, hostPeak, hostCpu);
            return new ScenarioResult(seconds, manifest.TotalBytes, manifest.Entries.Count, 0, shardPeak, hostCpu + childCpu.TotalSeconds, null, null, note)
            {
                HostPeakRssBytes = hostPeak,
            };
        }
    }

    /// <summary>The run's settings, then the user's --set over them (so a chosen Jobs:ShardEntries wins).</summary>
    private static Dictionary<string, string> Settings(ScenarioRequest request, Manifest manifest)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Jobs:Mode"] = nameof(JobMode.LocalProcesses),
            ["Jobs:Parallelism"] = Text(request.ShardProcesses),
            // Every archive a job, as the product decides for anything past these (the test host inlines all).
            ["Jobs:InlineMaxEntries"] = "0",
            ["Jobs:InlineMaxBytes"] = "0",
            ["Jobs:RequestBudgetSeconds"] = Text(new JobOptions().RequestBudgetSeconds),
            ["Jobs:ShardEntries"] = Text(Math.Max(1, (manifest.Entries.Count + TargetShards - 1) / TargetShards)),
            ["Jobs:ShardBytes"] = Text(Math.Max(1L << 20, (manifest.TotalBytes + TargetShards - 1) / TargetShards)),
        };
        foreach (var (key, value) in request.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string Describe(int shards, int processes, double accepted, IReadOnlyList<ShardProcessSampler.Sample> seen, double childCpu, long hostPeak, double hostCpu)
    {
        const double MiB = 1 << 20;
        var peaks = seen.Select(s => s.PeakRssBytes / MiB).DefaultIfEmpty().ToList();
        var cpus = seen.Select(s => s.CpuSeconds).DefaultIfEmpty().ToList();
        var perProcess = string.Join(", ", seen.Select(s => string.Create(CultureInfo.InvariantCulture, $"#{s.Index} {s.PeakRssBytes / MiB:F0} MiB {s.CpuSeconds:F1} s")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{shards} shards, {processes} process(es) at a time, {seen.Count} shard processes seen; accepted (202) after {accepted:F1} s; shard peak RSS {peaks.Min():F0}–{peaks.Max():F0} MiB (sampled); shard CPU {childCpu:F1} s in all (getrusage), {cpus.Min():F1}–{cpus.Max():F1} s each (sampled); host peak RSS {hostPeak / MiB:F0} MiB, host CPU {hostCpu:F1} s; per process (index, peak, CPU): {perProcess}");
    }

    private static string Text<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
