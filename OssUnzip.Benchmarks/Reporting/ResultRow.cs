using OssUnzip.Benchmarks.Scenarios;

namespace OssUnzip.Benchmarks.Reporting;

/// <summary>
/// One measured line of the table: a scenario on a workload at a latency, with what the parent saw
/// around the child (server-side request counts, s3rver CPU, machine busy share) and the verdict of
/// the content check (null when the scenario produces nothing to check). Shards rows also carry their
/// process count and the peak RSS of the process that took the event (<see cref="PeakRssBytes"/> is then
/// the largest shard process's).
/// </summary>
internal sealed record ResultRow(
    string Workload,
    int LatencyMs,
    ScenarioKind Scenario,
    string Label,
    double Seconds,
    long Bytes,
    long Objects,
    IReadOnlyDictionary<string, long> StoreRequests,
    long PeakRssBytes,
    double ClientCpuSeconds,
    double StoreCpuSeconds,
    double MachineBusy,
    bool? Verified,
    string Verification,
    string? Error,
    string? Note,
    int ShardProcesses = 0,
    long HostPeakRssBytes = 0)
{
    public bool Succeeded => Error is null && Verified != false;

    public long TotalStoreRequests => StoreRequests.Values.Sum();

    public double MegabytesPerSecond => Seconds > 0 ? Bytes / 1e6 / Seconds : 0;

    public double ObjectsPerSecond => Seconds > 0 ? Objects / Seconds : 0;
}
