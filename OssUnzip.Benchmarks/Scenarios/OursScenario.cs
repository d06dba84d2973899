using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Function.Expansion;
using OssUnzip.Testing;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>Our expander, in-process, through the real S3 client (the app's own composition).</summary>
internal static class OursScenario
{
    public static async Task<ScenarioResult> RunAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        await using var host = new ScenarioHost(request);
        var expander = host.Expander;
        var objectCreated = ExpanderHost.PutEvent(request.Bucket, request.ArchiveKey);
        var sampler = new MemorySampler();
        var clock = ScenarioClock.Start();
        ExpansionOutcome outcome;
        await using (sampler)
        {
            outcome = await expander.ExpandAsync(objectCreated, cancellationToken);
        }

        var seconds = clock.Seconds;
        if (outcome is not ExpandedOutcome expanded)
        {
            throw new InvalidOperationException("The expander did not expand the archive: " + outcome);
        }

        return new ScenarioResult(seconds, expanded.Report.BytesWritten, expanded.Report.EntriesWritten, host.Requests, ResourceUsage.PeakRssBytes(), clock.CpuSeconds, null, null, sampler.Describe());
    }
}
