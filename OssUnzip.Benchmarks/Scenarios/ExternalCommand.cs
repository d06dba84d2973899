using System.Diagnostics;
using System.Globalization;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>Runs an external tool for the CLI scenarios; its peak RSS and CPU are read afterwards with getrusage(RUSAGE_CHILDREN).</summary>
internal static class ExternalCommand
{
    /// <summary>Runs a command to completion, failing with its stderr if it fails; returns its wall seconds.</summary>
    public static async Task<double> TimeAsync(string[] command, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + command[0]);
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
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"`{command[0]}` exited with {process.ExitCode}: {errors.Trim()}"));
        }

        return clock.Elapsed.TotalSeconds;
    }
}
