using Microsoft.Extensions.Logging;

namespace OssUnzip.Local.Host;

internal static partial class HostLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Worker {WorkerId} connected")]
    public static partial void WorkerConnected(ILogger logger, string workerId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Loaded function {Name}: {Methods} /{Route}")]
    public static partial void FunctionLoaded(ILogger logger, string name, string methods, string route);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Function {Name} has no HTTP trigger; the stand-in host cannot invoke it")]
    public static partial void FunctionNotRoutable(ILogger logger, string name);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Worker handshake failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Worker stream closed")]
    public static partial void WorkerDisconnected(ILogger logger);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "Ignored worker message {Content}")]
    public static partial void IgnoredMessage(ILogger logger, Protos.StreamingMessage.ContentOneofCase content);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "Executed {Function} ({InvocationId}) {Status} in {ElapsedMs} ms")]
    public static partial void Invoked(ILogger logger, string function, string invocationId, string status, long elapsedMs);

    [LoggerMessage(EventId = 207, Level = LogLevel.Error, Message = "Function {Function} ({InvocationId}) failed: {Message}")]
    public static partial void InvocationFailed(ILogger logger, string function, string invocationId, string message);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "Rejected a worker stream from unknown worker {WorkerId}")]
    public static partial void UnknownWorker(ILogger logger, string workerId);

    [LoggerMessage(EventId = 209, Message = "{Category}: {Message}")]
    public static partial void WorkerLog(ILogger logger, LogLevel level, string category, string message);
}
