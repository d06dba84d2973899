using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OssUnzip.Local.EventBridge;
using OssUnzip.Local.EventBridge.Patterns;
using OssUnzip.Local.Host;
using OssUnzip.Local.Processes;
using OssUnzip.S3rver;

namespace OssUnzip.Local.Cli;

/// <summary>
/// Brings up s3rver, the stand-in host, the worker and the local EventBridge in that order, prints
/// the ready line, and on stop (or when a child dies) tears them down in reverse.
/// </summary>
internal static class LocalStack
{
    private const string UnzipFunctionName = "unzip";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WorkerGrace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the stand-in host keeps serving after a stop while the worker drains: the image's
    /// ASPNETCORE_SHUTDOWNTIMEOUTSECONDS (Dockerfile), the real host's wait for in-flight requests.
    /// </summary>
    private static readonly TimeSpan HostShutdownTimeout = TimeSpan.FromSeconds(55);

    /// <summary>Ctrl-C in a terminal signals the whole process group: a child may exit just before our own handler runs.</summary>
    private static readonly TimeSpan SignalRace = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(LocalOptions options, ILoggerFactory loggerFactory, TextWriter stdout, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = loggerFactory.CreateLogger("OssUnzip.Local");
        var started = Stopwatch.GetTimestamp();
        var app = WorkerApp.Load(options.FunctionAppDirectory);
        var pattern = EventPattern.Load(Path.Combine(options.RepositoryRoot, "eventbridge", "event-pattern.json"));

        var s3Records = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        // --s3-endpoint: another stack's (or any) S3 server; it sends this stack no events (POST them).
        await using var s3 = options.S3Endpoint is null ? await StartS3rverAsync(options, s3Records, logger, stop).ConfigureAwait(false) : null;
        var s3Url = s3?.ServiceUrl ?? options.S3Endpoint!.ToString().TrimEnd('/');
        await using var host = await FunctionsHostServer.StartAsync(app, options.Port, loggerFactory, stop).ConfigureAwait(false);
        await using var worker = WorkerLauncher.Start(app, host.GrpcEndpoint, host.Connection.WorkerId, WorkerSettings.For(options, s3Url), logger);
        try
        {
            var workerExited = worker.WaitForExitAsync(stop);
            var ready = await Task.WhenAny(host.Connection.Ready, workerExited).WaitAsync(ReadyTimeout, stop).ConfigureAwait(false);
            if (ready != host.Connection.Ready)
            {
                throw new InvalidOperationException("The worker exited before its functions were loaded; see its output above.");
            }

            var functions = await host.Connection.Ready.ConfigureAwait(false);
            var unzip = functions.FirstOrDefault(f => string.Equals(f.Name, UnzipFunctionName, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"The worker loaded no HTTP function named '{UnzipFunctionName}'.");
            var functionUrl = new Uri($"http://127.0.0.1:{host.HttpPort.ToString(CultureInfo.InvariantCulture)}/{unzip.RouteTemplate}");

            using var httpClient = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var delivery = new EventDelivery(httpClient, functionUrl, options.NoAuth ? null : options.Token, new DeliveryOptions { AttemptTimeout = options.DeliveryTimeout }, TimeProvider.System);
            await using var bridge = new LocalEventBridge(
                s3Records.Reader, pattern, new OssCloudEventConverter(TimeProvider.System), delivery, line => WriteLine(stdout, line), logger);
            bridge.Start();

            var readyMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            CliLog.Ready(logger, readyMs);
            WriteLine(stdout, ReadyLine(options, s3Url, functionUrl));

            var s3Exited = s3?.WaitForExitAsync(stop) ?? Task.Delay(Timeout.Infinite, stop);
            var first = await Task.WhenAny(workerExited, s3Exited).ConfigureAwait(false);
            await Task.Delay(SignalRace, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!stop.IsCancellationRequested)
            {
                CliLog.ChildExited(logger, first == workerExited ? "The worker" : "s3rver");
                return 1;
            }

            CliLog.Stopping(logger);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            CliLog.Stopping(logger);
            return 0;
        }
        finally
        {
            // As in the image, where tini -g signals the host's whole process group: the worker gets
            // SIGTERM too, refuses new work (503) and finishes in-flight expansions within its grace,
            // while this host keeps serving their responses; then it is told to stop and stopped.
            await worker.TerminateAndWaitAsync(HostShutdownTimeout).ConfigureAwait(false);
            await host.Connection.TerminateAsync(WorkerGrace).ConfigureAwait(false);
            await worker.StopAsync(WorkerGrace).ConfigureAwait(false);
        }
    }

    private static async Task<S3rverProcess> StartS3rverAsync(LocalOptions options, Channel<string> s3Records, ILogger logger, CancellationToken stop)
    {
        var s3Tool = Path.Combine(options.RepositoryRoot, "tools", "s3rver");
        await NpmInstaller.EnsureInstalledAsync(s3Tool, logger, stop).ConfigureAwait(false);
        return await S3rverProcess.StartAsync(
            new S3rverStartInfo(s3Tool, Path.Combine(options.DataDirectory, "s3"))
            {
                Port = options.S3Port,
                Buckets = [options.Bucket],
                OnEventRecord = record => s3Records.Writer.TryWrite(record),
                OnLog = line => ProcessLog.ChildOutput(logger, "s3rver", line),
            },
            stop).ConfigureAwait(false);
    }

    private static string ReadyLine(LocalOptions options, string s3Url, Uri functionUrl)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = options.NoAuth ? "none" : options.Token;
        return $"ready s3={s3Url} bucket={options.Bucket} " +
               $"access_key={S3rverProcess.AccessKey} secret_key={S3rverProcess.SecretKey} " +
               $"function={functionUrl} token={token}";
    }

    private static void WriteLine(TextWriter writer, string line)
    {
        lock (writer)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
