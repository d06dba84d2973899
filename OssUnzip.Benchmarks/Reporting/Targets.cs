using System.Globalization;
using OssUnzip.Benchmarks.Scenarios;

namespace OssUnzip.Benchmarks.Reporting;

/// <summary>
/// Issue 5's, issue 17's (W4) and issue 21's targets, each checked against the measured rows: met, missed, or not measured.
/// </summary>
internal static class Targets
{
    public const double MaxRssMiB = 150;
    private const double RssAboveRawPutMiB = 8;

    public static IEnumerable<string> Evaluate(IReadOnlyList<ResultRow> rows, IReadOnlyList<int> latenciesMs)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var w1 = Row(rows, "W1", 0, ScenarioKind.Ours);
        var w3 = Row(rows, "W3", 0, ScenarioKind.Ours);
        yield return Rss("W1", w1);
        yield return Rss("W3", w3);
        if (w1 is not null && w3 is not null)
        {
            var growth = (double)w3.PeakRssBytes / w1.PeakRssBytes - 1;
            yield return Verdict(growth <= 0.10, F($"peak RSS W3 within 10 % of W1 (W3 ≤ 1.1 × W1): {w3.PeakRssBytes / (1 << 20)} vs {w1.PeakRssBytes / (1 << 20)} MiB ({growth:+0%;-0%})"));
        }

        yield return Faster(rows, "W1", 0, ScenarioKind.Cli, 2);
        var w1Limit = SharedCpuLimit.For(rows, "W1", 0);
        yield return VersusLimit("W1", w1, w1Limit?.Seconds, w1Limit is null ? "the shared-CPU limit" : $"the shared-CPU limit ({w1Limit.Parts})");
        yield return Faster(rows, "W2", 0, ScenarioKind.Cli, 3);
        var w2 = Row(rows, "W2", 0, ScenarioKind.Ours);
        var rawPut = Row(rows, "W2", 0, ScenarioKind.RawPut);
        yield return VersusLimit("W2", w2, rawPut?.Seconds, "the raw PUT rate");
        foreach (var latency in latenciesMs.Where(l => l > 0))
        {
            yield return Faster(rows, "W2", latency, ScenarioKind.Naive, latency >= 50 ? 10 : 20);
        }

        // Issue 17: W1's content as .tar.gz, against the same pipeline with tar and the limit with gunzip.
        var w4 = Row(rows, "W4", 0, ScenarioKind.Ours);
        yield return Rss("W4", w4);
        yield return Faster(rows, "W4", 0, ScenarioKind.Cli, 2);
        var w4Limit = SharedCpuLimit.For(rows, "W4", 0);
        yield return VersusLimit("W4", w4, w4Limit?.Seconds, w4Limit is null ? "the shared-CPU limit" : $"the shared-CPU limit ({w4Limit.Parts})");

        // Issue 21: many small entries at the store's own rate and in the store's own memory.
        foreach (var workload in new[] { "W2", "W3" })
        {
            foreach (var latency in latenciesMs.Where(l => l > 0).Prepend(0))
            {
                var ours = Row(rows, workload, latency, ScenarioKind.Ours);
                var raw = Row(rows, workload, latency, ScenarioKind.RawPut);
                yield return VersusLimit(F($"{workload} at {latency} ms"), ours, raw?.Seconds, "raw PUT", 0.9);
                yield return RssVersusRawPut(F($"{workload} at {latency} ms"), ours, raw);
            }
        }
    }

    private static string RssVersusRawPut(string what, ResultRow? ours, ResultRow? raw)
    {
        var text = F($"{what}: peak RSS ≤ raw PUT's + {RssAboveRawPutMiB} MiB and ≤ {MaxRssMiB} MiB");
        if (ours is not { Succeeded: true } || raw is not { Succeeded: true })
        {
            return "not measured: " + text;
        }

        var oursMiB = ours.PeakRssBytes / (double)(1 << 20);
        var rawMiB = raw.PeakRssBytes / (double)(1 << 20);
        return Verdict(oursMiB <= rawMiB + RssAboveRawPutMiB && oursMiB <= MaxRssMiB, F($"{text}: {oursMiB:F0} vs {rawMiB:F0} MiB"));
    }

    private static string Rss(string workload, ResultRow? ours) => ours is null
        ? $"not measured: peak RSS {workload} ≤ {MaxRssMiB} MiB"
        : Verdict(ours.Succeeded && ours.PeakRssBytes / (double)(1 << 20) <= MaxRssMiB, F($"peak RSS {workload} ≤ {MaxRssMiB} MiB: {ours.PeakRssBytes / (double)(1 << 20):F0} MiB"));

    private static string Faster(IReadOnlyList<ResultRow> rows, string workload, int latency, ScenarioKind baseline, double factor)
    {
        var ours = Row(rows, workload, latency, ScenarioKind.Ours);
        var other = Row(rows, workload, latency, baseline);
        var what = F($"{workload} at {latency} ms ≥ {factor}× {ScenarioNames.Name(baseline)}");
        if (ours is not { Succeeded: true } || other is not { Succeeded: true })
        {
            return "not measured: " + what;
        }

        var ratio = other.Seconds / ours.Seconds;
        return Verdict(ratio >= factor, F($"{what}: {ratio:F2}× ({ours.Seconds:F1} s vs {other.Seconds:F1} s)"));
    }

    private static string VersusLimit(string workload, ResultRow? ours, double? limitSeconds, string limit, double factor = 0.8)
    {
        var what = F($"{workload} ≥ {factor} × {limit}");
        if (ours is not { Succeeded: true } || limitSeconds is null)
        {
            return "not measured: " + what;
        }

        var ratio = limitSeconds.Value / ours.Seconds;
        return Verdict(ratio >= factor, F($"{what}: {ratio:F2}× ({ours.Seconds:F1} s vs {limitSeconds.Value:F1} s)"));
    }

    private static ResultRow? Row(IReadOnlyList<ResultRow> rows, string workload, int latency, ScenarioKind kind) =>
        rows.FirstOrDefault(r => r.Workload == workload && r.LatencyMs == latency && r.Scenario == kind);

    private static string Verdict(bool met, string text) => (met ? "MET: " : "MISSED: ") + text;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
