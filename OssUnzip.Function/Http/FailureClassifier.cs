using System.Net;
using System.Net.Http;
using Amazon.Runtime;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Http;

/// <summary>
/// The one place that decides what kind a failure is; <see cref="OutcomeResponses"/> turns the kind into
/// a status EventBridge retries (a retry can help) or one it does not (decision 0016).
/// </summary>
public static class FailureClassifier
{
    public static FailureKind Classify(Exception exception) => exception switch
    {
        SourceChangedException => FailureKind.SourceChanged,
        ObjectRefusedException => FailureKind.StoreRefused,
        ServiceShuttingDownException => FailureKind.Transient,
        AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } => FailureKind.AccessDenied,
        AmazonServiceException { StatusCode: HttpStatusCode.NotFound } => FailureKind.SourceMissing,
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } => FailureKind.Transient,
        AmazonServiceException { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout } => FailureKind.Transient,
        AmazonServiceException { ErrorCode: "SlowDown" or "RequestTimeout" or "RequestTimeTooSkewed" } => FailureKind.Transient,
        AmazonClientException or HttpRequestException or IOException or TimeoutException => FailureKind.Transient,
        OperationCanceledException => FailureKind.Transient,
        _ => FailureKind.Unexpected,
    };
}
