using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace OssUnzip.Local.Cli;

/// <summary>
/// Entry point: parses options, turns Ctrl-C/SIGTERM into one cancellation, and runs the stack.
/// stdout carries only machine-readable lines (ready, event traces); logs go to stderr.
/// </summary>
internal static class LocalCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == BackfillCommand.Name)
        {
            return await BackfillCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
        }

        if (!LocalOptionsParser.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(LocalOptionsParser.Usage).ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            })
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Grpc", LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

        try
        {
            return await LocalStack.RunAsync(options!, loggerFactory, Console.Out, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while still starting; every child started so far has been stopped.
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException
                                       or System.ComponentModel.Win32Exception or EventBridge.Patterns.EventPatternException
                                       or Host.WorkerUnavailableException)
        {
            CliLog.StartFailed(loggerFactory.CreateLogger("OssUnzip.Local"), ex.Message);
            return 1;
        }
    }
}
