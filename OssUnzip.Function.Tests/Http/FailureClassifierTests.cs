using System.Net;
using System.Net.Http;
using Amazon.Runtime;
using Amazon.S3;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Functions;
using OssUnzip.Function.Hosting;
using OssUnzip.Function.Http;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Http;

public sealed class FailureClassifierTests
{
    private static AmazonS3Exception S3Error(HttpStatusCode status, string? errorCode = null) =>
        new("store said no") { StatusCode = status, ErrorCode = errorCode };

    private static IEnumerable<TestCaseData> Table()
    {
        yield return new TestCaseData(S3Error(HttpStatusCode.Forbidden, "AccessDenied"), FailureKind.AccessDenied).SetArgDisplayNames("S3 403 AccessDenied");
        yield return new TestCaseData(S3Error(HttpStatusCode.NotFound, "NoSuchKey"), FailureKind.SourceMissing).SetArgDisplayNames("S3 404 NoSuchKey");
        yield return new TestCaseData(S3Error(HttpStatusCode.InternalServerError, "InternalError"), FailureKind.Transient).SetArgDisplayNames("S3 500");
        yield return new TestCaseData(S3Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"), FailureKind.Transient).SetArgDisplayNames("S3 503");
        yield return new TestCaseData(S3Error(HttpStatusCode.ServiceUnavailable, "SlowDown"), FailureKind.Transient).SetArgDisplayNames("S3 503 SlowDown");
        yield return new TestCaseData(S3Error(HttpStatusCode.BadRequest, "SlowDown"), FailureKind.Transient).SetArgDisplayNames("S3 400 SlowDown");
        yield return new TestCaseData(S3Error(HttpStatusCode.BadRequest, "RequestTimeout"), FailureKind.Transient).SetArgDisplayNames("S3 400 RequestTimeout");
        yield return new TestCaseData(S3Error(HttpStatusCode.TooManyRequests), FailureKind.Transient).SetArgDisplayNames("S3 429");
        yield return new TestCaseData(new HttpRequestException("connection refused"), FailureKind.Transient).SetArgDisplayNames("HttpRequestException");
        yield return new TestCaseData(new IOException("connection reset"), FailureKind.Transient).SetArgDisplayNames("IOException");
        yield return new TestCaseData(new TimeoutException(), FailureKind.Transient).SetArgDisplayNames("TimeoutException");
        yield return new TestCaseData(new AmazonClientException("no endpoint"), FailureKind.Transient).SetArgDisplayNames("AmazonClientException");
        yield return new TestCaseData(new SourceChangedException("replaced"), FailureKind.SourceChanged).SetArgDisplayNames("SourceChangedException");
        yield return new TestCaseData(new ObjectRefusedException("unzip/a/x", 400, "KeyTooLongError", "Your key is too long"), FailureKind.StoreRefused).SetArgDisplayNames("ObjectRefusedException");
        yield return new TestCaseData(new OperationCanceledException(), FailureKind.Transient).SetArgDisplayNames("OperationCanceledException");
        yield return new TestCaseData(new TaskCanceledException(), FailureKind.Transient).SetArgDisplayNames("TaskCanceledException");
        yield return new TestCaseData(new InvalidOperationException("bug"), FailureKind.Unexpected).SetArgDisplayNames("InvalidOperationException");
        yield return new TestCaseData(new KeyNotFoundException(), FailureKind.Unexpected).SetArgDisplayNames("KeyNotFoundException");
    }

    [TestCaseSource(nameof(Table))]
    public void Classify_Exception_MapsToKind(Exception exception, FailureKind expected)
    {
        var kind = FailureClassifier.Classify(exception);

        Assert.That(kind, Is.EqualTo(expected));
    }

    [Test]
    public void Classify_SourceChangedIsAnIOException_StillSourceChanged()
    {
        IOException exception = new SourceChangedException("replaced");

        Assert.That(FailureClassifier.Classify(exception), Is.EqualTo(FailureKind.SourceChanged));
    }

    [Test]
    public void Classify_ArchiveRejectedEscapingTheExpander_IsUnexpected()
    {
        Assert.That(FailureClassifier.Classify(new ArchiveRejectedException("should have been an outcome")), Is.EqualTo(FailureKind.Unexpected));
    }
}
