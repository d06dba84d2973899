using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using OssUnzip.Benchmarks.Measurement;
using OssUnzip.Benchmarks.Reporting;
using OssUnzip.Benchmarks.Scenarios;
using OssUnzip.Benchmarks.Store;
using OssUnzip.Benchmarks.Workloads;
using OssUnzip.S3rver;

namespace OssUnzip.Benchmarks;

/// <summary>
/// The parent process: starts s3rver, and for each workload generates the archive to disk, uploads
/// it, runs every scenario that can read its format in a child process of its own (re-launching this
/// program), verifies and removes what each left in the store, then deletes the workload's files
/// before the next one.
/// Writes results-*.md (and .json) under the output directory and prints the markdown.
/// </summary>
internal sealed class BenchmarkRun(BenchmarkOptions options, string s3rverTool)
{
    private const string Bucket = "bench";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly List<ResultRow> _rows = [];
    private readonly List<WorkloadInfo> _workloads = [];

    /// <returns>0 when every scenario that ran produced byte-correct output; 1 otherwise.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var facts = MachineFacts.Collect();
        Console.WriteLine($"machine: {facts.Cores} cores, {facts.MemoryBytes >> 20} MiB; {facts.LoadAverage}");
        Directory.CreateDirectory(options.WorkDirectory);
        string tuning;
        try
        {
            var s3rver = new S3rverStartInfo(s3rverTool, Path.Combine(options.WorkDirectory, "s3rver"))
            {
                Buckets = [Bucket],
                OnLog = line => Console.Error.WriteLine("s3rver: " + line),
            };
            await using var server = await S3rverProcess.StartAsync(s3rver, cancellationToken);
            tuning = await DescribeTuningAsync(server, cancellationToken);
            foreach (var id in options.Workloads)
            {
                await RunWorkloadAsync(server, WorkloadSpec.Create(id, options.Quick), cancellationToken);
            }
        }
        finally
        {
            Directory.Delete(options.WorkDirectory, recursive: true);
        }

        var markdown = MarkdownReport.Render(options, facts, MachineFacts.CurrentUptime(), _workloads, _rows, tuning);
        Directory.CreateDirectory(options.OutputDirectory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(options.OutputDirectory, $"results-{stamp}{(options.Quick ? "-quick" : "")}.md");
        await File.WriteAllTextAsync(path, markdown, cancellationToken);
        await File.WriteAllTextAsync(Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(_rows, Json), cancellationToken);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine("results: " + path);
        return _rows.All(r => r.Verified != false) ? 0 : 1;
    }

    private async Task RunWorkloadAsync(S3rverProcess server, WorkloadSpec spec, CancellationToken cancellationToken)
    {
        var archivePath = Path.Combine(options.WorkDirectory, spec.Id.ToLowerInvariant() + spec.ArchiveSuffix);
        var archiveKey = $"zip/{spec.Id.ToLowerInvariant()}{spec.ArchiveSuffix}";
        var outputPrefix = $"unzip/{spec.Id.ToLowerInvariant()}/";
        var rawPrefix = $"raw/{spec.Id.ToLowerInvariant()}/";
        try
        {
            Console.WriteLine($"{spec.Id}: generating {spec.Description}");
            var clock = Stopwatch.StartNew();
            var manifest = await WorkloadGenerator.WriteAsync(spec, archivePath, cancellationToken);
            var generated = clock.Elapsed.TotalSeconds;
            var archiveBytes = new FileInfo(archivePath).Length;
            _workloads.Add(new WorkloadInfo(spec.Id, spec.Description, archiveBytes, manifest.TotalBytes, manifest.Entries.Count, generated));
            Console.WriteLine($"{spec.Id}: archive {archiveBytes >> 20} MiB in {generated:F0} s; uploading");
            await UploadArchiveAsync(server, archivePath, archiveKey, cancellationToken);

            foreach (var latency in options.LatenciesMs.Prepend(0))
            {
                var scenarios = latency == 0 ? options.Scenarios : options.LatencyScenarios.Where(s => !ScenarioNames.LocalOnly(s) && s != ScenarioKind.Cli);
                foreach (var scenario in scenarios.Where(s => ScenarioNames.Reads(s, spec.Format)))
                {
                    if (latency > 0 && scenario == ScenarioKind.Naive && _rows.Any(r => r.Workload == spec.Id && r.LatencyMs == 0 && r.Scenario == ScenarioKind.Naive && r.Error is not null))
                    {
                        continue;
                    }

                    var request = new ScenarioRequest(scenario, spec.Id, spec.Format, archivePath, server.ServiceUrl, Bucket, archiveKey, outputPrefix, rawPrefix, latency, options.Settings, options.WorkDirectory, Path.Combine(options.WorkDirectory, "result.json"));
                    if (scenario == ScenarioKind.Shards)
                    {
                        foreach (var processes in options.ShardProcesses)
                        {
                            await MeasureShardsAsync(server, request with { StoreDataDirectory = server.DataDirectory, ShardProcesses = processes }, manifest, cancellationToken);
                        }

                        continue;
                    }

                    Report(await MeasureAsync(server, request, manifest, cancellationToken));
                }
            }
        }
        finally
        {
            server.DeletePrefix(Bucket, "zip/");
            server.DeletePrefix(Bucket, outputPrefix);
            server.DeletePrefix(Bucket, rawPrefix);
            File.Delete(archivePath);
            File.Delete(Manifest.PathFor(archivePath));
        }
    }

    private void Report(ResultRow row)
    {
        _rows.Add(row);
        var host = row.Scenario == ScenarioKind.Shards ? $", host RSS {row.HostPeakRssBytes >> 20} MiB" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Workload} {row.LatencyMs} ms {ScenarioNames.Name(row.Scenario, row.ShardProcesses)}: {(row.Error ?? $"{row.Seconds:F1} s, {row.MegabytesPerSecond:F1} MB/s, {row.ObjectsPerSecond:F0} obj/s, {row.TotalStoreRequests} requests, RSS {row.PeakRssBytes >> 20} MiB{host}, {row.Verification}")}"));
        if (row.Scenario == ScenarioKind.Shards && row.Note is not null)
        {
            // A shards row's per-process figures, printed as they come (a long run's table is written only at its end).
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  client CPU {row.ClientCpuSeconds:F1} s, s3rver CPU {row.StoreCpuSeconds:F1} s, machine busy {row.MachineBusy:P0}; {row.Note}"));
        }
    }

    /// <summary>
    /// A shards row: every client (the app in the scenario process and the shard processes it starts)
    /// reaches s3rver through a <see cref="LatencyProxy"/> that holds each request the row's latency.
    /// </summary>
    private async Task MeasureShardsAsync(S3rverProcess server, ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        await using var proxy = await LatencyProxy.StartAsync(server.ServiceUrl, TimeSpan.FromMilliseconds(request.LatencyMs), cancellationToken);
        var row = await MeasureAsync(server, request with { ServiceUrl = proxy.Url }, manifest, cancellationToken);
        Report(row);
    }

    private async Task<ResultRow> MeasureAsync(S3rverProcess server, ScenarioRequest request, Manifest manifest, CancellationToken cancellationToken)
    {
        server.DeletePrefix(Bucket, request.OutputPrefix);
        server.DeletePrefix(Bucket, request.RawPrefix);
        DiskState.Flush();
        var requestsBefore = await server.GetRequestCountsAsync(cancellationToken);
        var storeCpuBefore = server.CpuTime;
        var ticksBefore = ResourceUsage.MachineTicks();

        var result = await RunChildAsync(request, cancellationToken);

        var ticksAfter = ResourceUsage.MachineTicks();
        var storeCpu = (server.CpuTime - storeCpuBefore).TotalSeconds;
        var requestsAfter = await server.GetRequestCountsAsync(cancellationToken);
        var requests = requestsAfter.ToDictionary(p => p.Key, p => p.Value - requestsBefore.GetValueOrDefault(p.Key), StringComparer.Ordinal)
            .Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var busy = 1 - (double)(ticksAfter.Idle - ticksBefore.Idle) / Math.Max(1, ticksAfter.Total - ticksBefore.Total);

        var verified = result.Verified;
        var verification = result.Verified switch { true => "all (in child)", false => "wrong", null => "—" };
        if (result.Error is null && ScenarioNames.WritesOutput(request.Scenario))
        {
            (var ok, verification) = await OutputVerifier.VerifyAsync(server, Bucket, request.OutputPrefix, manifest, contentToo: true, cancellationToken);
            verified = ok;
        }
        else if (result.Error is null && request.Scenario == ScenarioKind.RawPut)
        {
            var renamed = new Manifest(manifest.Entries);
            (var ok, verification) = await OutputVerifier.VerifyAsync(server, Bucket, request.RawPrefix, renamed, contentToo: false, cancellationToken);
            verified = ok;
        }

        server.DeletePrefix(Bucket, request.OutputPrefix);
        server.DeletePrefix(Bucket, request.RawPrefix);
        return new ResultRow(
            request.WorkloadId,
            request.LatencyMs,
            request.Scenario,
            ScenarioNames.Label(request.Scenario, request.Format, request.ShardProcesses),
            result.Seconds,
            result.Bytes,
            result.Objects,
            requests,
            result.PeakRssBytes,
            result.CpuSeconds,
            storeCpu,
            busy,
            result.Error is null ? verified : null,
            verification,
            result.Error,
            result.Note,
            request.ShardProcesses,
            result.HostPeakRssBytes);
    }

    /// <summary>Re-launches this program as "scenario REQUEST.json" and reads the result it writes.</summary>
    private async Task<ScenarioResult> RunChildAsync(ScenarioRequest request, CancellationToken cancellationToken)
    {
        var requestPath = Path.Combine(options.WorkDirectory, "request.json");
        await File.WriteAllTextAsync(requestPath, JsonSerializer.Serialize(request, Json), cancellationToken);
        File.Delete(request.ResultPath);

        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        // The shards scenario runs under dotnet, so the product's dispatcher starts its shards as
        // `dotnet OssUnzip.Function.dll shard ...` (it starts this process's program with the app's assembly).
        var underDotnet = Path.GetFileNameWithoutExtension(self) == "dotnet" || request.Scenario == ScenarioKind.Shards;
        var start = new ProcessStartInfo(underDotnet ? "dotnet" : self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (underDotnet)
        {
            start.ArgumentList.Add(typeof(BenchmarkRun).Assembly.Location);
        }

        start.ArgumentList.Add("scenario");
        start.ArgumentList.Add(requestPath);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the scenario process");
        var stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ScenarioTimeout);
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None);
            return Failed(string.Create(CultureInfo.InvariantCulture, $"timed out after {options.ScenarioTimeout.TotalMinutes:F0} min"));
        }

        var errors = await stderr;
        await stdout;
        if (child.ExitCode != 0 || !File.Exists(request.ResultPath))
        {
            return Failed(string.Create(CultureInfo.InvariantCulture, $"child exited with {child.ExitCode}: {errors.Trim()}"));
        }

        return JsonSerializer.Deserialize<ScenarioResult>(await File.ReadAllTextAsync(request.ResultPath, cancellationToken))
            ?? throw new InvalidOperationException("empty scenario result");
    }

    private static ScenarioResult Failed(string error) => new(0, 0, 0, 0, 0, 0, false, error, null);

    /// <summary>Composes the expander once (no requests) to report the effective settings.</summary>
    private async Task<string> DescribeTuningAsync(S3rverProcess server, CancellationToken cancellationToken)
    {
        var request = new ScenarioRequest(ScenarioKind.Ours, "", WorkloadFormat.Zip, "", server.ServiceUrl, Bucket, "", "", "", 0, options.Settings, options.WorkDirectory, "");
        await using var composition = new ScenarioHost(request);
        await Task.CompletedTask.WaitAsync(cancellationToken);
        return composition.Describe();
    }

    private static async Task UploadArchiveAsync(S3rverProcess server, string archivePath, string key, CancellationToken cancellationToken)
    {
        var request = new ScenarioRequest(ScenarioKind.Ours, "", WorkloadFormat.Zip, archivePath, server.ServiceUrl, Bucket, key, "", "", 0, new Dictionary<string, string>(), "", "");
        await using var composition = new ScenarioHost(request);
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        await composition.S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = file, UseChunkEncoding = false, AutoCloseStream = false }, cancellationToken);
    }
}
