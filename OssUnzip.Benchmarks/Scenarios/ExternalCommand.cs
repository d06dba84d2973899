using System.Diagnostics;
using System.Globalization;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>Runs external programs: the CLI scenarios' tools (their peak RSS and CPU are read afterwards with getrusage(RUSAGE_CHILDREN)) and, for the smoke test, the benchmark itself.</summary>
internal static class ExternalCommand
{
    /// <summary>Runs a command to completion, failing with its stderr if it fails; returns its wall seconds.</summary>
    public static async Task<double> TimeAsync(string[] command, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0]);
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        var (exitCode, _, errors) = await RunAsync(start, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"`{command[0]}` exited with {exitCode}: {errors.Trim()}"));
        }

        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Runs a process to completion, collecting its stdout and stderr; cancelling kills its whole tree.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var errors = await stderr;
        return (process.ExitCode, await stdout, errors);
    }
}
