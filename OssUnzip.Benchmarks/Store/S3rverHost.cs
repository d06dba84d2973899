using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OssUnzip.Benchmarks.Store;

/// <summary>
/// s3rver (tools/s3rver/serve.js) on 127.0.0.1 and a free port, storing under a directory on local
/// disk. Knows where an object's bytes live on that disk (verification and clean-up go straight to
/// it), how many requests the server has answered (a "stats" line on its stdin) and how much CPU it
/// has used. Stopped on dispose; it also exits when our stdin to it closes.
/// </summary>
internal sealed class S3rverHost : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private const string ObjectSuffix = "._S3rver_object";

    private readonly Process _process;
    private readonly SemaphoreSlim _statsLock = new(1, 1);
    private TaskCompletionSource<string>? _pendingStats;

    private S3rverHost(Process process, string dataDirectory, int port)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public static async Task<S3rverHost> StartAsync(string repositoryRoot, string dataDirectory, string bucket, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "tools", "s3rver", "serve.js");
        if (!Directory.Exists(Path.Combine(repositoryRoot, "tools", "s3rver", "node_modules", "s3rver")))
        {
            throw new InvalidOperationException("s3rver is not installed: run `npm ci --prefix tools/s3rver` first.");
        }

        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--port", "0", "--directory", dataDirectory, "--bucket", bucket })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("s3rver: " + e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("s3rver exited before listening");
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                var host = new S3rverHost(process, dataDirectory, int.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture));
                _ = host.ReadOutputAsync();
                return host;
            }
        }
    }

    /// <summary>Requests answered so far, by HTTP method.</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetRequestCountsAsync(CancellationToken cancellationToken)
    {
        await _statsLock.WaitAsync(cancellationToken);
        try
        {
            var pending = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingStats = pending;
            await _process.StandardInput.WriteLineAsync("stats".AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
            var json = await pending.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];
        }
        finally
        {
            _statsLock.Release();
        }
    }

    /// <summary>User + system CPU the server has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Where s3rver keeps the bytes of every object under a key prefix ("folder/").</summary>
    public string PrefixDirectory(string bucket, string prefix) =>
        Path.Combine(DataDirectory, bucket, prefix.TrimEnd('/'));

    /// <summary>Every object under a prefix, as (key relative to the prefix, path of its bytes).</summary>
    public IEnumerable<(string RelativeKey, string Path)> EnumerateObjects(string bucket, string prefix)
    {
        var root = PrefixDirectory(bucket, prefix);
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(root, "*" + ObjectSuffix, SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            yield return (relative[..^ObjectSuffix.Length], path);
        }
    }

    /// <summary>Removes every object under a prefix straight from the server's disk (no request per key).</summary>
    public void DeletePrefix(string bucket, string prefix)
    {
        var root = PrefixDirectory(bucket, prefix);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private async Task ReadOutputAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("stats ", StringComparison.Ordinal))
                {
                    _pendingStats?.TrySetResult(line["stats ".Length..]);
                }
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        _statsLock.Dispose();
    }
}
