using System.Diagnostics;
using System.Reflection;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// The real `OssUnzip.Local` command (s3rver + stand-in host + worker) as a child process on free
/// ports, parsed from its ready line. Its stdout lines (ready, event traces) are kept for waiting on;
/// stderr is kept for failure messages. Disposal kills whatever is still running.
/// </summary>
internal sealed class LocalStackProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private LocalStackProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public IReadOnlyDictionary<string, string> Ready { get; private set; } = new Dictionary<string, string>();

    public Uri S3Url => new(Ready["s3"]);

    public Uri FunctionUrl => new(Ready["function"]);

    public string Bucket => Ready["bucket"];

    public string Token => Ready["token"];

    /// <summary>Every stdout line so far (ready, trace).</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    /// <summary>Every stderr line so far (logs, the worker's and its shard processes' included).</summary>
    public IReadOnlyList<string> StderrLines
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

    public string Diagnostics
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr.TakeLast(60));
            }
        }
    }

    /// <summary>Starts the stack; <paramref name="extraArguments"/> follow the usual ones.</summary>
    /// <param name="extraArguments">More command-line options (e.g. --setting KEY=VALUE, --delivery-timeout, --s3-endpoint).</param>
    /// <param name="environment">Variables for the stack, which its worker (and shard processes) inherit: settings in env form.</param>
    public static async Task<LocalStackProcess> StartAsync(string dataDirectory, string token, IReadOnlyList<string>? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var command = typeof(LocalStackProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LocalCommandPath").Value!;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { command, "--data-dir", dataDirectory, "--s3-port", "0", "--port", "0", "--token", token }.Concat(extraArguments ?? []))
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var stack = new LocalStackProcess(new Process { StartInfo = startInfo });
        stack._process.OutputDataReceived += (_, e) => Append(stack._stdout, e.Data);
        stack._process.ErrorDataReceived += (_, e) => Append(stack._stderr, e.Data);
        stack._process.Start();
        stack._process.BeginOutputReadLine();
        stack._process.BeginErrorReadLine();
        try
        {
            var ready = await stack.WaitForLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), ReadyTimeout);
            stack.Ready = ready.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for a stdout line (already printed or still to come) that satisfies the predicate.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            lock (_stdout)
            {
                line = _stdout.FirstOrDefault(predicate);
            }

            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The local stack exited with {_process.ExitCode}:\n{Diagnostics}");
            }

            try
            {
                await Task.Delay(100, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching stdout line within {timeout}:\n{Diagnostics}");
            }
        }
    }

    /// <summary>The exit code once the process has exited (or a TimeoutException if it does not in time).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The local stack did not exit within {timeout}:\n{Diagnostics}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then the exit code (or a TimeoutException if it does not exit in time).</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        ProcessTree.Terminate(_process.Id);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The local stack did not exit within {timeout} of SIGTERM:\n{Diagnostics}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }
    }
}
