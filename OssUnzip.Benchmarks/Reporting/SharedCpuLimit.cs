using System.Globalization;
using OssUnzip.Benchmarks.Scenarios;

namespace OssUnzip.Benchmarks.Reporting;

/// <summary>
/// What an expander's work costs when inflating and the store's work share the same cores: the sum
/// of the limit rows, each measured alone at the same concurrency — inflate to nowhere (zip-null for a
/// ZIP; for a .tar.gz, whose one gzip stream only one core can inflate, gunzip-null), the archive's
/// read (raw-get) and the objects' writes (raw-put). It is the bound for work that cannot overlap;
/// where the cores have idle room an expander that overlaps them can beat it (ours did on W1).
/// <see cref="Parts"/> names what was summed, so a run without raw-get says it left the read out.
/// </summary>
internal sealed record SharedCpuLimit(double Seconds, string Parts)
{
    /// <remarks>
    /// raw-put is taken at the given latency. zip-null and gunzip-null have no store; raw-get is taken
    /// at the given latency when it ran there, else at 0 ms (its few large GETs hardly feel per-request
    /// latency), and the part says so.
    /// </remarks>
    public static SharedCpuLimit? For(IReadOnlyList<ResultRow> rows, string workload, int latency)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var inflate = Find(rows, workload, ScenarioKind.ZipNull, latency: null) ?? Find(rows, workload, ScenarioKind.GunzipNull, latency: null);
        var put = Find(rows, workload, ScenarioKind.RawPut, latency);
        if (inflate is null || put is null)
        {
            return null;
        }

        var get = Find(rows, workload, ScenarioKind.RawGet, latency) ?? Find(rows, workload, ScenarioKind.RawGet, 0);
        var parts = new List<string> { Part(inflate, latency) };
        var seconds = inflate.Seconds + put.Seconds;
        if (get is not null)
        {
            parts.Add(Part(get, latency));
            seconds += get.Seconds;
        }

        parts.Add(Part(put, latency));
        return new SharedCpuLimit(seconds, string.Join(" + ", parts));
    }

    private static ResultRow? Find(IReadOnlyList<ResultRow> rows, string workload, ScenarioKind kind, int? latency) =>
        rows.FirstOrDefault(r => r.Workload == workload && r.Scenario == kind && r.Succeeded && (latency is null || r.LatencyMs == latency));

    private static string Part(ResultRow row, int latency) => string.Create(
        CultureInfo.InvariantCulture,
        $"{ScenarioNames.Name(row.Scenario)}{(row.LatencyMs != latency && !ScenarioNames.LocalOnly(row.Scenario) ? $" at {row.LatencyMs} ms" : "")} {row.Seconds:F1}");
}
