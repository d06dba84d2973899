using System.Diagnostics;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Workloads;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>
/// (c) A system tool decompressing the whole local archive to /dev/null: no store, no disk writes.
/// unzip-null is Info-ZIP's inflate rate (`unzip -p`); gunzip-null is GNU gzip's (`gzip -dc`), one core,
/// the only way a single gzip stream can be inflated. Both check their CRCs and fail on a mismatch.
/// </summary>
internal static class ToNullScenario
{
    public static Task<ScenarioResult> UnzipAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken) =>
        RunAsync("unzip -p \"$1\" > /dev/null", request, manifest, cancellationToken);

    public static Task<ScenarioResult> GunzipAsync(ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken) =>
        RunAsync("gzip -dc \"$1\" > /dev/null", request, manifest, cancellationToken);

    /// <param name="script">A sh script whose $1 is the archive's path.</param>
    private static async Task<ScenarioResult> RunAsync(string script, ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(manifest);
        var clock = Stopwatch.StartNew();
        await ExternalCommand.TimeAsync(["sh", "-c", script, "sh", request.ArchivePath], new Dictionary<string, string>(), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var (peak, cpu) = ResourceUsage.Children();
        return new ScenarioResult(seconds, manifest.TotalBytes, manifest.Entries.Count, 0, peak, cpu.TotalSeconds, null, null, null);
    }
}
