using Microsoft.Extensions.Logging;

namespace OssUnzip.Local.Processes;

internal static partial class ProcessLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Name}| {Line}")]
    public static partial void ChildOutput(ILogger logger, string name, string line);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Installing the pinned s3rver: npm ci in {Directory}")]
    public static partial void NpmInstalling(ILogger logger, string directory);
}
