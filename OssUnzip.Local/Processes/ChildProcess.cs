using System.Diagnostics;

namespace OssUnzip.Local.Processes;

/// <summary>
/// A child process of the local stack, its stdout/stderr forwarded line by line. Stopping asks
/// politely first (stdin closed; the caller may have sent its own stop message), then kills the
/// whole tree after the grace period, so no child outlives the stack.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private int _stopped;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(ProcessStartInfo startInfo, Action<string> onOutput, Action<string> onError)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onError(e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    /// <summary>
    /// Sends SIGTERM and waits up to <paramref name="timeout"/> for the process to exit by itself;
    /// true when it did. The caller decides what follows (usually <see cref="StopAsync"/>).
    /// </summary>
    public async Task<bool> TerminateAndWaitAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        return PosixSignals.TryTerminate(_process.Id) && await WaitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Completes when the process has exited and its output has been read to the end.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async Task StopAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1 || _process.HasExited)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The pipe is already gone: the process is on its way out.
        }

        if (await WaitAsync(grace).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        await WaitAsync(KillWait).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(DefaultGrace).ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task<bool> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return false;
        }
    }
}
