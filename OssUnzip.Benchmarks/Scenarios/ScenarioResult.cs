namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// What a scenario child measured. <see cref="Seconds"/> covers the work only (not process start or
/// composition); <see cref="PeakRssBytes"/> is the expanding process's VmHWM, or for external tools the
/// largest child's peak (shards: the largest shard process's). <see cref="Verified"/> is set when the child itself checked content.
/// </summary>
internal sealed record ScenarioResult(
    double Seconds,
    long Bytes,
    long Objects,
    long ClientRequests,
    long PeakRssBytes,
    double CpuSeconds,
    bool? Verified,
    string? Error,
    string? Note)
{
    /// <summary>Shards scenario: the peak RSS of the process that took the event (the shards' largest is <see cref="PeakRssBytes"/>).</summary>
    public long HostPeakRssBytes { get; init; }
}
