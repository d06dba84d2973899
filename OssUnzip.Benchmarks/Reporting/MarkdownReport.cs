using System.Globalization;
using System.Text;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Scenarios;

namespace OssUnzip.Benchmarks.Reporting;

/// <summary>
/// The results as markdown: machine facts, one table per workload (ours ÷ each as a throughput ratio,
/// so above 1 means ours is faster), derived limits, and each target (issues 5, 17, 21) checked against the rows.
/// </summary>
internal static class MarkdownReport
{
    private const double MiB = 1 << 20;

    public static string Render(BenchmarkOptions options, MachineFacts before, string uptimeAfter, IReadOnlyList<WorkloadInfo> workloads, IReadOnlyList<ResultRow> rows, string tuning)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(rows);
        var md = new StringBuilder();
        Line(md, $"# OssUnzip benchmark{(options.Quick ? " (quick sizes)" : "")}");
        Line(md, $"");
        Line(md, $"- Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; `{Environment.CommandLine}`");
        Line(md, $"- Machine: {before.Cores} cores ({before.CpuModel}), {before.MemoryBytes / (double)(1L << 30):F1} GiB memory; {before.Runtime}");
        Line(md, $"- Load before: `{before.LoadAverage}`");
        Line(md, $"- Load after: `{uptimeAfter}`");
        Line(md, $"- Store: s3rver 3.7.1 (Node, single-threaded) on 127.0.0.1, data on local disk, competing for the same cores");
        Line(md, $"- Tools: {before.AwsCli}; {before.Unzip}; {before.Gzip}; {before.Tar}");
        Line(md, $"- Our settings: {tuning}");
        Line(md, $"- MB = 10^6 bytes of uncompressed entry data. S3 requests are counted by the server (every client, retries included). Peak RSS: VmHWM of the scenario's own process; for external tools the largest stage's maxrss. Verified: every expected key present with the expected size and XxHash128 over all its bytes, nothing extra.");
        Line(md, $"");
        foreach (var workload in workloads)
        {
            Line(md, $"## {workload.Id}: {workload.Description}");
            Line(md, $"");
            Line(md, $"Archive {workload.ArchiveBytes / MiB:F0} MiB, {workload.TotalBytes / MiB:F0} MiB uncompressed, {workload.Entries:N0} entries; generated in {workload.GenerateSeconds:F0} s.");
            Line(md, $"");
            Line(md, $"| latency | scenario | wall s | MB/s | objects/s | S3 requests | peak RSS MiB | client CPU s | s3rver CPU s | machine busy | verified | ours ÷ this |");
            Line(md, $"| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
            foreach (var row in rows.Where(r => r.Workload == workload.Id))
            {
                var ours = Ours(rows, row.Workload, row.LatencyMs);
                var ratio = row.Scenario == ScenarioKind.Ours || ours is null || !row.Succeeded || !ours.Succeeded ? "" : F($"{row.Seconds / ours.Seconds:F2}×");
                if (row.Error is not null)
                {
                    Line(md, $"| {row.LatencyMs} ms | {row.Label} | failed | | | {Requests(row)} | {row.PeakRssBytes / MiB:F0} | {row.ClientCpuSeconds:F1} | {row.StoreCpuSeconds:F1} | {row.MachineBusy:P0} | {Escape(row.Error)} | |");
                    continue;
                }

                Line(md, $"| {row.LatencyMs} ms | {row.Label} | {row.Seconds:F1} | {row.MegabytesPerSecond:F1} | {row.ObjectsPerSecond:F0} | {Requests(row)} | {row.PeakRssBytes / MiB:F0} | {row.ClientCpuSeconds:F1} | {row.StoreCpuSeconds:F1} | {row.MachineBusy:P0} | {Escape(row.Verification)} | {ratio} |");
            }

            foreach (var latency in rows.Where(r => r.Workload == workload.Id).Select(r => r.LatencyMs).Distinct())
            {
                var limit = SharedCpuLimit.For(rows, workload.Id, latency);
                var ours = Ours(rows, workload.Id, latency);
                if (limit is not null && ours is { Succeeded: true })
                {
                    var seconds = limit.Seconds;
                    Line(md, $"| {latency} ms | (c) limit on shared CPU: {limit.Parts} s | {seconds:F1} | {workload.TotalBytes / 1e6 / seconds:F1} | {workload.Entries / seconds:F0} | | | | | | | {seconds / ours.Seconds:F2}× |");
                }
            }

            ShardsTable(md, rows.Where(r => r.Workload == workload.Id && r.Scenario == ScenarioKind.Shards).ToList());
            var notes = rows.Where(r => r.Workload == workload.Id && r.Note is not null).Select(r => F($"{r.LatencyMs} ms {ScenarioNames.Name(r.Scenario, r.ShardProcesses)}: {r.Note}")).Distinct().ToList();
            if (notes.Count > 0)
            {
                Line(md, $"");
                foreach (var note in notes)
                {
                    Line(md, $"- {note}");
                }
            }

            Line(md, $"");
        }

        Line(md, $"## Targets (issues 5, 17 and 21)");
        Line(md, $"");
        foreach (var target in Targets.Evaluate(rows, options.LatenciesMs))
        {
            Line(md, $"- {target}");
        }

        return md.ToString();
    }

    /// <summary>
    /// The shards rows again, as issue 16 asks for them: requests by method, the largest shard process's
    /// peak RSS against the 150 MiB target, the peak of the process that took the event, and CPU.
    /// </summary>
    private static void ShardsTable(StringBuilder md, List<ResultRow> shards)
    {
        if (shards.Count == 0)
        {
            return;
        }

        Line(md, $"");
        Line(md, $"Ours as a job (shards): every client through the latency proxy; peak RSS per shard process is the largest of them (VmHWM sampled every 20 ms), target ≤ {Targets.MaxRssMiB:F0} MiB; client CPU is the host's and every shard's (getrusage).");
        Line(md, $"");
        Line(md, $"| latency | shard processes | wall s | MB/s | GET | PUT | other requests | peak RSS per shard process, max MiB | host peak RSS MiB | client CPU s | s3rver CPU s | machine busy | ≤ {Targets.MaxRssMiB:F0} MiB |");
        Line(md, $"| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in shards)
        {
            if (row.Error is not null)
            {
                Line(md, $"| {row.LatencyMs} ms | {row.ShardProcesses} | failed | | | | | | | | | | {Escape(row.Error)} |");
                continue;
            }

            var get = row.StoreRequests.GetValueOrDefault("GET");
            var put = row.StoreRequests.GetValueOrDefault("PUT");
            var verdict = row.PeakRssBytes / MiB <= Targets.MaxRssMiB ? "met" : "missed";
            Line(md, $"| {row.LatencyMs} ms | {row.ShardProcesses} | {row.Seconds:F1} | {row.MegabytesPerSecond:F1} | {get:N0} | {put:N0} | {row.TotalStoreRequests - get - put:N0} | {row.PeakRssBytes / MiB:F0} | {row.HostPeakRssBytes / MiB:F0} | {row.ClientCpuSeconds:F1} | {row.StoreCpuSeconds:F1} | {row.MachineBusy:P0} | {verdict} |");
        }
    }

    public static ResultRow? Ours(IReadOnlyList<ResultRow> rows, string workload, int latency) =>
        rows.FirstOrDefault(r => r.Workload == workload && r.LatencyMs == latency && r.Scenario == ScenarioKind.Ours);

    private static string Requests(ResultRow row) =>
        row.TotalStoreRequests == 0 ? "0" : F($"{row.TotalStoreRequests:N0} ({string.Join(" ", row.StoreRequests.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => F($"{p.Key} {p.Value:N0}")))})");

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, FormattableString text) => md.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
