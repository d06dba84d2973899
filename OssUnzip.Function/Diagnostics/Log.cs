using Microsoft.Extensions.Logging;

namespace OssUnzip.Function.Diagnostics;

/// <summary>
/// Every log line the service writes, with stable event ids. Lines about one archive carry the event
/// id, bucket and key. Never pass secrets, tokens or request bodies here.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Malformed event request: {Problem}")]
    public static partial void RequestMalformed(ILogger logger, string problem);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Event {EventId} for {Bucket}/{Key} ignored: {Reason}")]
    public static partial void EventIgnored(ILogger logger, string eventId, string bucket, string key, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Event {EventId}: expanding {Bucket}/{Key} (ETag {ETag}, {Length} bytes) into {OutputPrefix}")]
    public static partial void ExpansionStarted(ILogger logger, string eventId, string bucket, string key, string eTag, long length, string outputPrefix);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Event {EventId}: expanded {Bucket}/{Key} (ETag {ETag}): {Entries} objects, {Bytes} bytes, {Skipped} skipped, in {DurationMs} ms")]
    public static partial void ExpansionCompleted(ILogger logger, string eventId, string bucket, string key, string eTag, int entries, long bytes, int skipped, long durationMs);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Event {EventId}: rejected {Bucket}/{Key} (ETag {ETag}): {Reason}")]
    public static partial void ArchiveRejected(ILogger logger, string eventId, string bucket, string key, string eTag, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Event {EventId}: {Bucket}/{Key} does not exist (tried {Candidates} spellings of the key)")]
    public static partial void SourceMissing(ILogger logger, string eventId, string bucket, string key, int candidates);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Aborting multipart upload {UploadId} of {Bucket}/{Key} failed after a {OriginalError}; the store's lifecycle rule must clean it up")]
    public static partial void MultipartAbortFailed(ILogger logger, Exception exception, string bucket, string key, string uploadId, string originalError);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Invocation {InvocationId} failed ({Kind}): {Reason}")]
    public static partial void InvocationFailed(ILogger logger, Exception exception, string invocationId, string kind, string reason);
}
