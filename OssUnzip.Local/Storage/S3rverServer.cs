using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OssUnzip.Local.Processes;

namespace OssUnzip.Local.Storage;

/// <summary>
/// The pinned s3rver, started through tools/s3rver/serve.js on 127.0.0.1. Its stdout protocol is
/// one "listening ADDRESS PORT" line once it accepts connections and one "event JSON" line per S3
/// event record; the records are exposed, unparsed, through <see cref="EventRecords"/>.
/// </summary>
internal sealed class S3rverServer : IAsyncDisposable
{
    private const string ListeningPrefix = "listening ";
    private const string EventPrefix = "event ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private readonly Channel<string> _records = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private ChildProcess? _process;

    private S3rverServer(ILogger logger) => _logger = logger;

    public int Port { get; private set; }

    public Uri ServiceUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public ChannelReader<string> EventRecords => _records.Reader;

    public static async Task<S3rverServer> StartAsync(
        string repositoryRoot, string directory, int port, string bucket, ILogger logger, CancellationToken cancellationToken)
    {
        var toolDirectory = Path.Combine(repositoryRoot, "tools", "s3rver");
        await NpmInstaller.EnsureInstalledAsync(toolDirectory, logger, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(directory);

        var startInfo = new ProcessStartInfo("node") { WorkingDirectory = toolDirectory };
        foreach (var arg in new[]
                 {
                     Path.Combine(toolDirectory, "serve.js"),
                     "--port", port.ToString(CultureInfo.InvariantCulture),
                     "--directory", directory,
                     "--bucket", bucket,
                 })
        {
            startInfo.ArgumentList.Add(arg);
        }

        var server = new S3rverServer(logger);
        try
        {
            server._process = ChildProcess.Start(startInfo, server.OnOutput, line => ProcessLog.ChildOutput(logger, "s3rver", line));
            var exited = server._process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(server._listening.Task, exited)
                .WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            if (first != server._listening.Task)
            {
                throw new InvalidOperationException("s3rver exited before it was listening; see its output above.");
            }

            server.Port = await server._listening.Task.ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) =>
        _process?.WaitForExitAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(StopGrace).ConfigureAwait(false);
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        _records.Writer.TryComplete();
    }

    private void OnOutput(string line)
    {
        if (line.StartsWith(EventPrefix, StringComparison.Ordinal))
        {
            _records.Writer.TryWrite(line[EventPrefix.Length..]);
        }
        else if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal)
                 && int.TryParse(line.AsSpan(line.LastIndexOf(' ') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            _listening.TrySetResult(port);
        }
        else
        {
            ProcessLog.ChildOutput(_logger, "s3rver", line);
        }
    }
}
