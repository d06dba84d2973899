using System.Diagnostics;
using System.Text.Json;
using OssUnzip.Benchmarks.Reporting;
using OssUnzip.Benchmarks.Scenarios;

namespace OssUnzip.Benchmarks.Tests;

/// <summary>
/// Guards the benchmark against rot: the quick mode runs every workload, each with every scenario that
/// reads its format, against a real s3rver and must produce the table with every output byte-correct.
/// Times are printed, never asserted.
/// </summary>
[Category("Integration")]
public sealed class BenchmarkSmokeTests
{
    private static readonly string[] Workloads = ["W1", "W2", "W3", "W4"];

    /// <summary>The scenarios each workload must have a row for: W1–W3 are ZIPs, W4 a .tar.gz (no naive, unzip-null or zip-null; gunzip-null instead).</summary>
    private static readonly Dictionary<string, ScenarioKind[]> ScenariosByWorkload = new()
    {
        ["W1"] = [ScenarioKind.Ours, ScenarioKind.Naive, ScenarioKind.Cli, ScenarioKind.UnzipNull, ScenarioKind.ZipNull, ScenarioKind.RawPut, ScenarioKind.RawGet],
        ["W2"] = [ScenarioKind.Ours, ScenarioKind.Naive, ScenarioKind.Cli, ScenarioKind.UnzipNull, ScenarioKind.ZipNull, ScenarioKind.RawPut, ScenarioKind.RawGet],
        ["W3"] = [ScenarioKind.Ours, ScenarioKind.Naive, ScenarioKind.Cli, ScenarioKind.UnzipNull, ScenarioKind.ZipNull, ScenarioKind.RawPut, ScenarioKind.RawGet],
        ["W4"] = [ScenarioKind.Ours, ScenarioKind.Cli, ScenarioKind.GunzipNull, ScenarioKind.RawPut, ScenarioKind.RawGet],
    };

    [Test]
    [CancelAfter(15 * 60 * 1000)]
    public async Task Benchmark_QuickMode_ProducesTableWithByteCorrectOutputs(CancellationToken cancellationToken)
    {
        var output = Directory.CreateTempSubdirectory("ossunzip-bench-smoke-").FullName;
        try
        {
            var (exitCode, log) = await RunBenchmarkAsync(["--quick", "--out", output], cancellationToken);
            TestContext.Out.WriteLine(log);

            Assert.That(exitCode, Is.Zero, log);
            var markdown = Directory.GetFiles(output, "results-*-quick.md").Single();
            var rows = JsonSerializer.Deserialize<List<ResultRow>>(await File.ReadAllTextAsync(Path.ChangeExtension(markdown, ".json"), cancellationToken))!;
            var table = await File.ReadAllTextAsync(markdown, cancellationToken);
            Assert.Multiple(() =>
            {
                Assert.That(table, Does.Contain("| latency | scenario | wall s | MB/s | objects/s | S3 requests | peak RSS MiB |"));
                Assert.That(table, Does.Contain("## Targets (issues 5, 17 and 21)"));
                Assert.That(table, Does.Match(@"limit on shared CPU: zip-null [0-9.]+ \+ raw-get [0-9.]+ \+ raw-put [0-9.]+ s"), "the limit row sums zip-null, raw-get and raw-put");
                Assert.That(table, Does.Match(@"limit on shared CPU: gunzip-null [0-9.]+ \+ raw-get [0-9.]+ \+ raw-put [0-9.]+ s"), "W4's limit row sums gunzip-null, raw-get and raw-put");
                Assert.That(table, Does.Contain("(b) aws s3 cp + tar xzf + aws s3 cp --recursive"));
                Assert.That(table, Does.Match(@"W4 at 0 ms ≥ 2× cli: [0-9.]+×"), "W4's CLI target is evaluated");
                Assert.That(table, Does.Match(@"W4 ≥ 0\.8 × the shared-CPU limit \(gunzip-null"), "W4's limit target is evaluated");
                foreach (var workload in Workloads)
                {
                    Assert.That(table, Does.Contain($"## {workload}:"));
                    Assert.That(rows.Where(r => r.Workload == workload && r.LatencyMs == 0).Select(r => r.Scenario), Is.EquivalentTo(ScenariosByWorkload[workload]), workload);
                    foreach (var scenario in ScenariosByWorkload[workload])
                    {
                        var row = rows.SingleOrDefault(r => r.Workload == workload && r.LatencyMs == 0 && r.Scenario == scenario);
                        Assert.That(row, Is.Not.Null, $"{workload} {scenario}");
                        Assert.That(row!.Error, Is.Null, $"{workload} {scenario}");

                        // raw-get reads the archive, not entries.
                        var objects = scenario == ScenarioKind.RawGet ? 0 : rows.First(r => r.Workload == workload && r.Scenario == ScenarioKind.Ours).Objects;
                        Assert.That(row.Objects, Is.EqualTo(objects), $"{workload} {scenario}");
                    }
                }

                foreach (var row in rows.Where(r => ScenarioNames.WritesOutput(r.Scenario) || r.Scenario is ScenarioKind.ZipNull or ScenarioKind.RawGet))
                {
                    Assert.That(row.Verified, Is.True, $"{row.Workload} {row.LatencyMs} ms {row.Scenario}: {row.Verification}");
                }

                Assert.That(rows.Where(r => r.LatencyMs > 0 && r.Scenario == ScenarioKind.Ours).Select(r => r.Workload), Is.EquivalentTo(Workloads));
            });
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Test]
    [CancelAfter(5 * 60 * 1000)]
    public async Task Benchmark_QuickShards_OneRowPerProcessCountWithByteCorrectOutputs(CancellationToken cancellationToken)
    {
        var output = Directory.CreateTempSubdirectory("ossunzip-bench-shards-").FullName;
        try
        {
            var (exitCode, log) = await RunBenchmarkAsync(["--quick", "--workloads", "W3", "--scenarios", "shards", "--shard-processes", "1,4", "--latency-ms", "0", "--set", "Jobs:ShardEntries=200", "--out", output], cancellationToken);
            TestContext.Out.WriteLine(log);

            Assert.That(exitCode, Is.Zero, log);
            var markdown = Directory.GetFiles(output, "results-*-quick.md").Single();
            var rows = JsonSerializer.Deserialize<List<ResultRow>>(await File.ReadAllTextAsync(Path.ChangeExtension(markdown, ".json"), cancellationToken))!;
            var table = await File.ReadAllTextAsync(markdown, cancellationToken);
            Assert.Multiple(() =>
            {
                Assert.That(table, Does.Contain("| latency | shard processes | wall s | MB/s | GET | PUT |"));
                Assert.That(rows.Select(r => (r.Scenario, r.ShardProcesses)), Is.EquivalentTo(new[] { (ScenarioKind.Shards, 1), (ScenarioKind.Shards, 4) }));
                foreach (var row in rows)
                {
                    Assert.That(row.Error, Is.Null, $"{row.ShardProcesses} processes");
                    Assert.That(row.Verified, Is.True, $"{row.ShardProcesses} processes: {row.Verification}");
                    Assert.That(row.Objects, Is.EqualTo(800), "quick W3's entries");
                    Assert.That(row.PeakRssBytes, Is.GreaterThan(0), "the shard processes' peak was measured");
                    Assert.That(row.HostPeakRssBytes, Is.GreaterThan(0), "the host's peak was measured");
                    Assert.That(row.StoreRequests.GetValueOrDefault("PUT"), Is.GreaterThanOrEqualTo(800), "every object PUT through the proxy");
                    var shards = System.Text.RegularExpressions.Regex.Match(row.Note ?? "", $@"^(\d+) shards, {row.ShardProcesses} process\(es\) at a time, (\d+) shard processes seen");
                    Assert.That(shards.Success, Is.True, row.Note);
                    Assert.That(int.Parse(shards.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(4), "enough shards that every process has work");
                    Assert.That(int.Parse(shards.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(int.Parse(shards.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), "a process per shard was seen");
                }
            });
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Log)> RunBenchmarkAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OssUnzip.Benchmarks.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var (exitCode, output, errors) = await ExternalCommand.RunAsync(start, cancellationToken);
        return (exitCode, output + errors);
    }
}
