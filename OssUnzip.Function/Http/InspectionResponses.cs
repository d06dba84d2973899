using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Http;

/// <summary>
/// The inspect endpoint's answers: 200 with a page of entries (or, for an archive an expansion would
/// reject, 200 with <c>status: rejected</c>, its code and reason), 403 for a bucket no rule takes, 404
/// for a key that is not an archive of any rule or does not exist, 422 <c>no-directory</c> for a format
/// read front to back (tar, gzip), whose entries cannot be listed without reading it all (a 7z is listed
/// from its header), 400 for bad
/// query parameters.
/// </summary>
public static class InspectionResponses
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static Task<HttpResponseData> BadQueryAsync(HttpRequestData request, string problem, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.BadRequest, new { status = "malformed", reason = problem }, cancellationToken);

    public static Task<HttpResponseData> ForOutcomeAsync(HttpRequestData request, InspectionOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            InspectionStatus.BucketNotAllowed => WriteAsync(request, HttpStatusCode.Forbidden, new { status = "bucket-not-allowed", reason = outcome.Reason }, cancellationToken),
            InspectionStatus.NotAnArchive => WriteAsync(request, HttpStatusCode.NotFound, new { status = "not-an-archive", reason = outcome.Reason }, cancellationToken),
            InspectionStatus.Missing => WriteAsync(request, HttpStatusCode.NotFound, new { status = "source-missing", reason = outcome.Reason }, cancellationToken),
            InspectionStatus.Rejected => WriteAsync(request, HttpStatusCode.OK, new
            {
                status = "rejected",
                bucket = outcome.Bucket,
                key = outcome.Key,
                eTag = outcome.ETag,
                size = outcome.Size,
                rule = outcome.Rule,
                code = outcome.RejectionCode,
                reason = outcome.Reason,
                entries = outcome.RejectedEntries,
                getRequests = outcome.GetRequests,
            }, cancellationToken),
            InspectionStatus.NoDirectory => WriteAsync(request, HttpStatusCode.UnprocessableContent, new
            {
                status = "no-directory",
                bucket = outcome.Bucket,
                key = outcome.Key,
                eTag = outcome.ETag,
                size = outcome.Size,
                rule = outcome.Rule,
                format = outcome.Format,
                reason = outcome.Reason,
                getRequests = outcome.GetRequests,
            }, cancellationToken),
            _ => WriteAsync(request, HttpStatusCode.OK, new
            {
                status = "inspected",
                bucket = outcome.Bucket,
                key = outcome.Key,
                eTag = outcome.ETag,
                size = outcome.Size,
                rule = outcome.Rule,
                outputBucket = outcome.OutputBucket,
                outputFolder = outcome.OutputFolder,
                totalEntries = outcome.TotalEntries,
                nextCursor = outcome.NextCursor?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                getRequests = outcome.GetRequests,
                entries = outcome.Entries,
            }, cancellationToken),
        };
    }

    private static async Task<HttpResponseData> WriteAsync<T>(HttpRequestData request, HttpStatusCode status, T body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, Json), cancellationToken).ConfigureAwait(false);
        return response;
    }
}
