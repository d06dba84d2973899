using System.Net;
using Amazon.Runtime;

namespace OssUnzip.Function.Storage;

/// <summary>
/// Which store failures mean "too many requests": S3's SlowDown, 503 Service Unavailable and 429, the
/// answers OSS and S3 give a client that should send less (docs/facts.md §17). Lets the uploads above the
/// seam back off without knowing the S3 client's exception types.
/// </summary>
internal static class StoreThrottling
{
    public static bool IsThrottle(Exception exception) => exception is AmazonServiceException
    {
        StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests,
    } or AmazonServiceException { ErrorCode: "SlowDown" };
}
