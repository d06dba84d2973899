using Microsoft.Extensions.Logging;

namespace OssUnzip.Local.Cli;

internal static partial class CliLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Stopping the local stack")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Child} exited unexpectedly; stopping the local stack")]
    public static partial void ChildExited(ILogger logger, string child);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The local stack failed to start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Ready in {ElapsedMs} ms")]
    public static partial void Ready(ILogger logger, long elapsedMs);
}
