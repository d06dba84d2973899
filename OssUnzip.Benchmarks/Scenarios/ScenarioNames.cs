using OssUnzip.Benchmarks.Workloads;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>Command-line and report names of the scenarios.</summary>
internal static class ScenarioNames
{
    private static readonly Dictionary<ScenarioKind, (string Name, string Label)> Names = new()
    {
        [ScenarioKind.Ours] = ("ours", "ours (expander, in-process)"),
        [ScenarioKind.Naive] = ("naive", "(a) naive: ZipArchive over GET, sequential PUT"),
        [ScenarioKind.Cli] = ("cli", "(b) aws s3 cp + unzip + aws s3 cp --recursive"),
        [ScenarioKind.UnzipNull] = ("unzip-null", "(c) limit: unzip -p > /dev/null"),
        [ScenarioKind.ZipNull] = ("zip-null", "(c) limit: ZipArchive → Stream.Null"),
        [ScenarioKind.GunzipNull] = ("gunzip-null", "(c) limit: gzip -dc > /dev/null (one core)"),
        [ScenarioKind.RawPut] = ("raw-put", "(c) limit: raw PUT of the same objects"),
        [ScenarioKind.RawGet] = ("raw-get", "(c) limit: raw GET of the archive"),
        [ScenarioKind.Shards] = ("shards", "ours as a job, shard processes"),
    };

    public static string Name(ScenarioKind kind) => Names[kind].Name;

    /// <summary>A row's name: the scenario's, and for shards the process count ("shards×4").</summary>
    public static string Name(ScenarioKind kind, int shardProcesses) =>
        kind == ScenarioKind.Shards ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"shards×{shardProcesses}") : Names[kind].Name;

    /// <summary>A row's label: <see cref="Label(ScenarioKind, WorkloadFormat)"/>, and for shards the process count.</summary>
    public static string Label(ScenarioKind kind, WorkloadFormat format, int shardProcesses) =>
        kind == ScenarioKind.Shards
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ours as a job, {shardProcesses} shard process{(shardProcesses == 1 ? "" : "es")} at a time")
            : Label(kind, format);

    public static string Label(ScenarioKind kind, WorkloadFormat format) =>
        kind == ScenarioKind.Cli && format == WorkloadFormat.TarGzip ? "(b) aws s3 cp + tar xzf + aws s3 cp --recursive" : Names[kind].Label;

    /// <summary>
    /// Whether a scenario can read a workload's archive: naive, unzip-null and zip-null read ZIPs only,
    /// gunzip-null gzip only; shards ZIPs only (a tar, gzip or 7z job has one shard: process counts do not apply); the rest take any archive (or none).
    /// </summary>
    public static bool Reads(ScenarioKind kind, WorkloadFormat format) => kind switch
    {
        ScenarioKind.Naive or ScenarioKind.UnzipNull or ScenarioKind.ZipNull or ScenarioKind.Shards => format == WorkloadFormat.Zip,
        ScenarioKind.GunzipNull => format == WorkloadFormat.TarGzip,
        _ => true,
    };

    /// <summary>Scenarios that never talk to the store, so added latency cannot change them.</summary>
    public static bool LocalOnly(ScenarioKind kind) => kind is ScenarioKind.UnzipNull or ScenarioKind.ZipNull or ScenarioKind.GunzipNull;

    public static ScenarioKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (kind, names) in Names)
        {
            if (string.Equals(names.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new ArgumentException($"Unknown scenario '{name}' (expected {string.Join(", ", Names.Values.Select(v => v.Name))}).", nameof(name));
    }

    /// <summary>Scenarios that write the expanded objects into the store (and are verified there).</summary>
    public static bool WritesOutput(ScenarioKind kind) => kind is ScenarioKind.Ours or ScenarioKind.Naive or ScenarioKind.Cli or ScenarioKind.Shards;
}
