using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Hosting;

/// <summary>
/// The published app started as a shard runner (<c>shard --job ID --bucket B --output PREFIX</c>, index in
/// <c>JOB_COMPLETION_INDEX</c>): no Functions host, no HTTP; the same settings, storage client, engine and
/// records as the function. Runs one shard and exits with <see cref="ShardExitCodes"/>: 0 done, 1 retry,
/// 42/43/44 permanent. SIGTERM cancels the run (exit 1: the Job controller or dispatcher retries it, and
/// finished batches are skipped). Logs go to stderr.
/// </summary>
internal static class ShardCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var command = ShardCommandLine.TryParse(arguments);
        var indexText = Environment.GetEnvironmentVariable(ShardCommandLine.IndexVariable);
        if (command is null || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            await Console.Error.WriteLineAsync($"usage: {ShardCommandLine.Verb} --job ID --bucket BUCKET --output PREFIX, with {ShardCommandLine.IndexVariable} set to the shard's index").ConfigureAwait(false);
            return ShardExitCodes.Usage;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services
            .AddObjectStorage(builder.Configuration)
            .AddEventRouting(builder.Configuration)
            .AddExpansionTelemetry(builder.Configuration)
            .AddArchiveExpansion(builder.Configuration)
            .AddExpansionPipeline(builder.Configuration);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ShardCommand));
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            var runner = host.Services.GetRequiredService<ShardRunner>();
            var result = await runner.RunAsync(command.Bucket, command.OutputPrefix, command.JobId, index, stop.Token).ConfigureAwait(false);
            return ShardExitCodes.For(result);
        }
        catch (Exception e)
        {
            Log.ShardFailed(logger, e, command.JobId, index);
            return ShardExitCodes.Transient;
        }
    }
}
