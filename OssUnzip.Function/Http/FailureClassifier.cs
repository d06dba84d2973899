using System.Net;
using System.Net.Http;
using Amazon.Runtime;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Http;

/// <summary>The one place that decides whether a failure is worth EventBridge retrying.</summary>
public static class FailureClassifier
{
    public static FailureKind Classify(Exception exception) => exception switch
    {
        SourceChangedException => FailureKind.SourceChanged,
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
