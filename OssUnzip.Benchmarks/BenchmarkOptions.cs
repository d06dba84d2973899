using System.Globalization;
using OssUnzip.Benchmarks.Scenarios;
using OssUnzip.Benchmarks.Workloads;

namespace OssUnzip.Benchmarks;

/// <summary>
/// The benchmark's command line:
/// <c>[--quick] [--workloads W1,W2,W3,W4] [--latency-ms 10[,50...]] [--latency-scenarios ours,naive]
/// [--scenarios ...] [--shard-processes 1,2,4] [--out benchmark-results/] [--work DIR] [--timeout-minutes N] [--set Key=Value]...</c>
/// The shards scenario runs only when <c>--scenarios</c> names it (a scale-out question, not a per-process comparison).
/// </summary>
internal sealed record BenchmarkOptions(
    bool Quick,
    IReadOnlyList<string> Workloads,
    IReadOnlyList<ScenarioKind> Scenarios,
    IReadOnlyList<int> LatenciesMs,
    IReadOnlyList<ScenarioKind> LatencyScenarios,
    string OutputDirectory,
    string WorkDirectory,
    TimeSpan ScenarioTimeout,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<int> ShardProcesses)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project OssUnzip.Benchmarks -- [options]
          --quick                      tiny sizes of every workload (the smoke test's mode, ~2 minutes)
          --workloads W1,W2,W3,W4      which archives to generate and expand (default all; W4 is .tar.gz)
          --scenarios LIST             ours,naive,cli,unzip-null,zip-null,gunzip-null,raw-put,raw-get (default
                                       all of these; each workload runs those that read its format), and
                                       shards (ours as a job, ZIPs only; run only when named)
          --shard-processes N[,M...]   shards: one row per count of shard processes at a time (default 1,2,4)
          --latency-ms N[,M...]        also run with N (then M...) ms added to every S3 request (default 10; 0 = off)
          --latency-scenarios LIST     scenarios repeated with latency (default ours,naive,raw-put,shards)
          --out DIR                    where results-*.md / .json go (default benchmark-results/)
          --work DIR                   where the run makes (and at the end deletes) its own temp folder for
                                       archives and s3rver data (default: system temp)
          --timeout-minutes N          per-scenario limit; a scenario over it is reported as timed out
          --set Key=Value              a configuration override for our expander, e.g. Archive:UploadConcurrency=32
        """;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = false;
        var workloads = WorkloadSpec.AllIds;
        IReadOnlyList<ScenarioKind> scenarios = [.. Enum.GetValues<ScenarioKind>().Where(s => s != ScenarioKind.Shards)];
        IReadOnlyList<ScenarioKind> latencyScenarios = [ScenarioKind.Ours, ScenarioKind.Naive, ScenarioKind.RawPut, ScenarioKind.Shards];
        IReadOnlyList<int> shardProcesses = [1, 2, 4];
        IReadOnlyList<int> latencies = [10];
        var output = "benchmark-results";
        string? work = null;
        int? timeout = null;
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--workloads": workloads = [.. List(Value()).Select(w => WorkloadSpec.Create(w, quick: true).Id)]; break;
                case "--scenarios": scenarios = [.. List(Value()).Select(ScenarioNames.Parse)]; break;
                case "--latency-ms": latencies = [.. List(Value()).Select(v => int.Parse(v, CultureInfo.InvariantCulture))]; break;
                case "--latency-scenarios": latencyScenarios = [.. List(Value()).Select(ScenarioNames.Parse)]; break;
                case "--shard-processes": shardProcesses = [.. List(Value()).Select(v => int.Parse(v, CultureInfo.InvariantCulture))]; break;
                case "--out": output = Value(); break;
                case "--work": work = Value(); break;
                case "--timeout-minutes": timeout = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--set":
                    var pair = Value().Split('=', 2);
                    if (pair.Length != 2)
                    {
                        throw new ArgumentException("--set takes Key=Value, e.g. Archive:UploadConcurrency=32.");
                    }

                    settings[pair[0].Trim()] = pair[1].Trim();
                    break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}");
            }
        }

        if (latencies.Any(l => l < 0))
        {
            throw new ArgumentException($"--latency-ms takes values of 0 or more (was {string.Join(',', latencies)}).");
        }

        if (shardProcesses.Count == 0 || shardProcesses.Any(p => p is < 1 or > 64))
        {
            throw new ArgumentException($"--shard-processes takes counts from 1 to 64 (was {string.Join(',', shardProcesses)}).");
        }

        if (timeout is <= 0)
        {
            throw new ArgumentException($"--timeout-minutes must be at least 1 (was {timeout}).");
        }

        return new BenchmarkOptions(
            quick,
            workloads,
            scenarios,
            [.. latencies.Where(l => l > 0).Distinct()],
            [.. latencyScenarios.Where(scenarios.Contains)],
            Path.GetFullPath(output),
            // A directory of the run's own inside --work: the run deletes it at the end, so it must never be
            // a folder the user named (their files) or one another run is using.
            Path.Combine(Path.GetFullPath(work ?? Path.GetTempPath()), "ossunzip-bench-" + Guid.NewGuid().ToString("N")[..8]),
            TimeSpan.FromMinutes(timeout ?? (quick ? 3 : 40)),
            settings,
            [.. shardProcesses.Distinct()]);
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
