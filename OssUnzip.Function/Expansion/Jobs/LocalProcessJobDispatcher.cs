using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>
/// Runs a job's shards as child processes of this app started with the shard command
/// (<c>Jobs:Mode=LocalProcesses</c>, the local stack), each with this process's environment plus what
/// the Kubernetes Job controller gives an Indexed Job's pod (<c>JOB_COMPLETION_INDEX</c>), under the
/// same parallelism cap and per-index retries (<see cref="ShardScheduler"/>). A shard's command line
/// holds the word <c>shard</c> and the job id. No shell: the program is this app's own executable.
/// Like in-process shards, they end with this process (they are its children).
/// </summary>
internal sealed class LocalProcessJobDispatcher(
    ShutdownCoordinator shutdown,
    IOptions<JobOptions> options,
    OssUnzipMetrics metrics,
    ILogger<LocalProcessJobDispatcher> logger) : IJobDispatcher
{
    public string Name => "local-processes";

    public Task DispatchAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ShardScheduler.StartInBackground(job, options.Value, (index, ct) => RunShardProcessAsync(job, index, ct), shutdown, metrics, logger);
        Log.JobDispatched(logger, job.JobId, job.Shards.Count, Name);
        return Task.CompletedTask;
    }

    /// <summary>The program and arguments that run this app's shard command (under <c>dotnet</c> when that is how this process runs).</summary>
    internal static ProcessStartInfo StartInfoFor(JobRecord job, int index)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown; cannot start shard processes.");
        var startInfo = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.Ordinal))
        {
            startInfo.ArgumentList.Add(typeof(LocalProcessJobDispatcher).Assembly.Location);
        }

        foreach (var argument in ShardCommandLine.For(job).ToArguments())
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment[ShardCommandLine.IndexVariable] = index.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in ShardCommandLine.RuntimeVariables)
        {
            startInfo.Environment[name] = value;
        }

        // The Functions worker's own variables would make the child try to reach the host.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("FUNCTIONS_", StringComparison.Ordinal) || k.StartsWith("AZURE_FUNCTIONS_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        return startInfo;
    }

    private static async Task<ShardResult> RunShardProcessAsync(JobRecord job, int index, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfoFor(job, index)) ?? throw new InvalidOperationException("The shard process did not start.");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode switch
        {
            ShardExitCodes.Done => ShardResult.Done,
            ShardExitCodes.Rejected => ShardResult.Rejected,
            ShardExitCodes.SourceChanged => ShardResult.SourceChanged,
            ShardExitCodes.NoSuchJob => ShardResult.NoSuchJob,
            var code => throw new ShardProcessFailedException(job.JobId, index, code),
        };
    }
}
