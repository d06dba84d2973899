using System.Diagnostics;

namespace OssUnzip.S3rver;

/// <summary>
/// A child process (s3rver, or the local stack's worker and npm), its stdout/stderr forwarded line by
/// line. Stopping asks politely first (stdin closed; the caller may have sent its own stop message),
/// then kills the whole tree after the grace period, so no child outlives its parent's clean-up.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly SemaphoreSlim _stdinLock = new(1, 1);
    private int _stopped;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>User + system CPU the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static ChildProcess Start(ProcessStartInfo startInfo, Action<string> onOutput, Action<string> onError)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        ArgumentNullException.ThrowIfNull(onOutput);
        ArgumentNullException.ThrowIfNull(onError);
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

    /// <summary>Writes one line to the process's stdin (one writer at a time).</summary>
    public async Task SendLineAsync(string line, CancellationToken cancellationToken)
    {
        await _stdinLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stdinLock.Release();
        }
    }

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

        await KillAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the whole tree at once, as a crash would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        Interlocked.Exchange(ref _stopped, 1);
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the caller's decision and the kill.
        }

        await WaitAsync(KillWait).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(DefaultGrace).ConfigureAwait(false);
        _process.Dispose();
        _stdinLock.Dispose();
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
