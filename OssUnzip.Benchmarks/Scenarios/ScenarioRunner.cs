using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Workloads;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// Runs one scenario inside a child process of its own, so the process's peak RSS (VmHWM, read at
/// the end) belongs to that scenario alone. Only the work is timed: composition and the manifest read
/// happen before the clock starts. Each scenario is a file of its own in this folder.
/// </summary>
internal static class ScenarioRunner
{
    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = await Manifest.ReadAsync(Manifest.PathFor(request.ArchivePath), cancellationToken);
        var clock = ScenarioClock.Start();
        try
        {
            return request.Scenario switch
            {
                ScenarioKind.Ours => await OursScenario.RunAsync(request, cancellationToken),
                ScenarioKind.Naive => await NaiveScenario.RunAsync(request, cancellationToken),
                ScenarioKind.Cli => await CliScenario.RunAsync(request, manifest, cancellationToken),
                ScenarioKind.UnzipNull => await ToNullScenario.UnzipAsync(request, manifest, cancellationToken),
                ScenarioKind.GunzipNull => await ToNullScenario.GunzipAsync(request, manifest, cancellationToken),
                ScenarioKind.ZipNull => await ZipNullScenario.RunAsync(request, manifest, cancellationToken),
                ScenarioKind.RawPut => await RawPutScenario.RunAsync(request, manifest, cancellationToken),
                ScenarioKind.RawGet => await RawGetScenario.RunAsync(request, cancellationToken),
                ScenarioKind.Shards => await ShardsScenario.RunAsync(request, manifest, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Scenario, "unknown scenario"),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ScenarioResult(0, 0, 0, 0, ResourceUsage.PeakRssBytes(), clock.CpuSeconds, false, e.GetType().Name + ": " + e.Message, null);
        }
    }
}
