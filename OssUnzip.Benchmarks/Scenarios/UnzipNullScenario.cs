using System.Diagnostics;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Workloads;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>(c) Info-ZIP inflating every entry to /dev/null: no store, no disk writes.</summary>
internal static class UnzipNullScenario
{
    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await ExternalCommand.TimeAsync(["sh", "-c", "unzip -p \"$1\" > /dev/null", "sh", request.ArchivePath], new Dictionary<string, string>(), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var (peak, cpu) = ResourceUsage.Children();
        return new ScenarioResult(seconds, manifest.TotalBytes, manifest.Entries.Count, 0, peak, cpu.TotalSeconds, null, null, null);
    }
}
