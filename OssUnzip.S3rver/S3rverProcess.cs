using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OssUnzip.S3rver;

/// <summary>
/// The pinned s3rver, started as `node tools/s3rver/serve.js` on 127.0.0.1 only: the one launcher of
/// the local stack, the tests and the benchmark. serve.js's stdout protocol is one "listening ADDRESS
/// PORT" line once it accepts connections, one "event JSON" line per S3 event record, and a "stats
/// JSON" line (requests served, by method) in answer to a "stats" line on its stdin. Disposal closes
/// its stdin (serve.js then stops by itself, so a crashed parent leaves nothing listening) and kills
/// the process tree if it has not gone within the grace period.
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    /// <summary>s3rver's fixed credentials (its default account); not a secret.</summary>
    public const string AccessKey = "S3RVER";

    /// <inheritdoc cref="AccessKey"/>
    public const string SecretKey = "S3RVER";

    private const string ListeningPrefix = "listening ";
    private const string EventPrefix = "event ";
    private const string StatsPrefix = "stats ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(30);

    /// <summary>serve.js closes the server and exits within 2 s of its stdin closing.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly S3rverStartInfo _startInfo;
    private readonly SemaphoreSlim _statsLock = new(1, 1);
    private TaskCompletionSource<int>? _listening;
    private TaskCompletionSource<string>? _pendingStats;
    private ChildProcess? _process;

    private S3rverProcess(S3rverStartInfo startInfo) => _startInfo = startInfo;

    public int Port { get; private set; }

    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public string DataDirectory => _startInfo.DataDirectory;

    public int ProcessId => Running.Id;

    /// <summary>User + system CPU the server has used so far.</summary>
    public TimeSpan CpuTime => Running.CpuTime;

    private ChildProcess Running => _process ?? throw new InvalidOperationException("s3rver is not running.");

    public static async Task<S3rverProcess> StartAsync(S3rverStartInfo startInfo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        if (!Directory.Exists(Path.Combine(startInfo.ToolDirectory, "node_modules", "s3rver")))
        {
            throw new InvalidOperationException(
                $"s3rver is not installed in {startInfo.ToolDirectory}: run `npm ci --prefix tools/s3rver --no-audit --no-fund` (scripts/test.sh does).");
        }

        Directory.CreateDirectory(startInfo.DataDirectory);
        var server = new S3rverProcess(startInfo);
        try
        {
            await server.LaunchAsync(startInfo.Port, startInfo.Buckets, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Requests answered so far, by HTTP method (every client's, retries included).</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetRequestCountsAsync(CancellationToken cancellationToken)
    {
        await _statsLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pendingStats, pending);
            await Running.SendLineAsync("stats", cancellationToken).ConfigureAwait(false);
            var json = await pending.Task.WaitAsync(StatsTimeout, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];
        }
        finally
        {
            _statsLock.Release();
        }
    }

    /// <summary>Completes when the server has exited (by itself or stopped).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) =>
        _process?.WaitForExitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Kills the server as a crash would, waits <paramref name="downtime"/>, and starts it again on the
    /// same port and data directory (its buckets and objects survive).
    /// </summary>
    public async Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken)
    {
        var crashed = Running;
        _process = null;
        await crashed.KillAsync().ConfigureAwait(false);
        await crashed.DisposeAsync().ConfigureAwait(false);
        await Task.Delay(downtime, cancellationToken).ConfigureAwait(false);
        await LaunchAsync(Port, [], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(StopGrace).ConfigureAwait(false);
            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }

        _statsLock.Dispose();
    }

    private async Task LaunchAsync(int port, IReadOnlyList<string> buckets, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = _startInfo.ToolDirectory };
        start.ArgumentList.Add(Path.Combine(_startInfo.ToolDirectory, "serve.js"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--directory");
        start.ArgumentList.Add(_startInfo.DataDirectory);
        foreach (var bucket in buckets)
        {
            start.ArgumentList.Add("--bucket");
            start.ArgumentList.Add(bucket);
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _listening, listening);
        _process = ChildProcess.Start(start, OnOutput, line => _startInfo.OnLog?.Invoke(line));
        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(listening.Task, exited).WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        if (first != listening.Task)
        {
            throw new InvalidOperationException("s3rver exited before it was listening; see its output.");
        }

        Port = await listening.Task.ConfigureAwait(false);
    }

    private void OnOutput(string line)
    {
        if (line.StartsWith(EventPrefix, StringComparison.Ordinal))
        {
            _startInfo.OnEventRecord?.Invoke(line[EventPrefix.Length..]);
        }
        else if (line.StartsWith(StatsPrefix, StringComparison.Ordinal))
        {
            Volatile.Read(ref _pendingStats)?.TrySetResult(line[StatsPrefix.Length..]);
        }
        else if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal)
                 && int.TryParse(line.AsSpan(line.LastIndexOf(' ') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            Volatile.Read(ref _listening)?.TrySetResult(port);
        }
        else
        {
            _startInfo.OnLog?.Invoke(line);
        }
    }
}
