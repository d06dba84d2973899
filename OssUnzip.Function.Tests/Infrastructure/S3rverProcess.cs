using System.Diagnostics;
using System.Globalization;
using Amazon.S3;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// A real s3rver (tools/s3rver) on 127.0.0.1 and an OS-chosen port, with its own data directory.
/// Stopped on dispose; it also exits by itself when our stdin to it closes, so a crashed test run
/// leaves nothing listening.
/// </summary>
internal sealed class S3rverProcess : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly string _directory;
    private Process _process;

    private S3rverProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public StorageOptions StorageOptions => new()
    {
        ServiceUrl = ServiceUrl,
        Region = "us-east-1",
        ForcePathStyle = true,
        AccessKeyId = AccessKey,
        SecretAccessKey = SecretKey,
        MaxErrorRetry = 2,
        RequestTimeoutSeconds = 60,
    };

    public AmazonS3Client CreateClient(Amazon.Runtime.HttpClientFactory? httpClientFactory = null) =>
        StorageServiceCollectionExtensions.CreateClient(StorageOptions, httpClientFactory);

    public static async Task<S3rverProcess> StartAsync(params string[] buckets)
    {
        var directory = Directory.CreateTempSubdirectory("ossunzip-s3rver-").FullName;
        var (process, port) = await LaunchAsync(0, directory, buckets);
        var server = new S3rverProcess(process, directory, port);
        _ = server.DrainAsync();
        return server;
    }

    /// <summary>Kills the server (as a crash would) and starts it again on the same port and data.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        await StopProcessAsync();
        await Task.Delay(downtime);
        var (process, _) = await LaunchAsync(Port, _directory, []);
        _process.Dispose();
        _process = process;
        _ = DrainAsync();
    }

    private static async Task<(Process Process, int Port)> LaunchAsync(int port, string directory, string[] buckets)
    {
        var script = RepositoryPaths.Combine("tools", "s3rver", "serve.js");
        if (!Directory.Exists(RepositoryPaths.Combine("tools", "s3rver", "node_modules", "s3rver")))
        {
            throw new InvalidOperationException("s3rver is not installed: run `npm ci --prefix tools/s3rver` (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--directory");
        start.ArgumentList.Add(directory);
        foreach (var bucket in buckets)
        {
            start.ArgumentList.Add("--bucket");
            start.ArgumentList.Add(bucket);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("s3rver exited before listening");
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                return (process, int.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture));
            }
        }
    }

    private async Task DrainAsync()
    {
        var process = _process;
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (IOException)
        {
        }
    }

    private async Task StopProcessAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
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
                await StopProcessAsync();
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
