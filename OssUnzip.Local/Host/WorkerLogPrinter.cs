using Microsoft.Extensions.Logging;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Host;

/// <summary>Prints the worker's RpcLog messages at their own level, exception message appended.</summary>
internal static class WorkerLogPrinter
{
    public static void Print(ILogger logger, RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        var message = log.Exception is null ? log.Message : $"{log.Message} {log.Exception.Message}";
        HostLog.WorkerLog(logger, level, log.Category, message);
    }
}
