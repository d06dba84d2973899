using OssUnzip.Benchmarks.Workloads;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// What a scenario child process is asked to do; passed as a JSON file. <see cref="StoreDataDirectory"/>
/// (s3rver's data) and <see cref="ShardProcesses"/> (Jobs:Parallelism) are set for the shards scenario.
/// </summary>
internal sealed record ScenarioRequest(
    ScenarioKind Scenario,
    string WorkloadId,
    WorkloadFormat Format,
    string ArchivePath,
    string ServiceUrl,
    string Bucket,
    string ArchiveKey,
    string OutputPrefix,
    string RawPrefix,
    int LatencyMs,
    IReadOnlyDictionary<string, string> Settings,
    string WorkDirectory,
    string ResultPath,
    string? StoreDataDirectory = null,
    int ShardProcesses = 0);
