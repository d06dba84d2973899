using Microsoft.Extensions.Logging;

namespace OssUnzip.Local.EventBridge;

internal static partial class EventBridgeLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Skipped an S3 event record that could not be converted: {Reason}")]
    public static partial void RecordSkipped(ILogger logger, string reason);

}
