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
        WriteAsync(request, HttpStatusCode.BadRequest, new Answer { Status = "malformed", Reason = problem }, cancellationToken);

    public static Task<HttpResponseData> ForOutcomeAsync(HttpRequestData request, InspectionOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            InspectionStatus.BucketNotAllowed => WriteAsync(request, HttpStatusCode.Forbidden, new Answer { Status = "bucket-not-allowed", Reason = outcome.Reason }, cancellationToken),
            InspectionStatus.NotAnArchive => WriteAsync(request, HttpStatusCode.NotFound, new Answer { Status = "not-an-archive", Reason = outcome.Reason }, cancellationToken),
            InspectionStatus.Missing => WriteAsync(request, HttpStatusCode.NotFound, new Answer { Status = "source-missing", Reason = outcome.Reason }, cancellationToken),
            InspectionStatus.Rejected => WriteAsync(request, HttpStatusCode.OK, Identified("rejected", outcome) with
            {
                Code = outcome.RejectionCode,
                Reason = outcome.Reason,
                Entries = outcome.RejectedEntries,
            }, cancellationToken),
            InspectionStatus.NoDirectory => WriteAsync(request, HttpStatusCode.UnprocessableContent, Identified("no-directory", outcome) with
            {
                Format = outcome.Format,
                Reason = outcome.Reason,
            }, cancellationToken),
            _ => WriteAsync(request, HttpStatusCode.OK, Identified("inspected", outcome) with
            {
                OutputBucket = outcome.OutputBucket,
                OutputFolder = outcome.OutputFolder,
                TotalEntries = outcome.TotalEntries,
                NextCursor = outcome.NextCursor?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Entries = outcome.Entries,
            }, cancellationToken),
        };
    }

    /// <summary>The archive's identity and the GETs spent, which every answer about an archive carries.</summary>
    private static Answer Identified(string status, InspectionOutcome outcome) => new()
    {
        Status = status,
        Bucket = outcome.Bucket,
        Key = outcome.Key,
        ETag = outcome.ETag,
        Size = outcome.Size,
        Rule = outcome.Rule,
        GetRequests = outcome.GetRequests,
    };

    private static async Task<HttpResponseData> WriteAsync(HttpRequestData request, HttpStatusCode status, Answer body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, Json), cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>
    /// Every answer's one shape; a field left null is not written. Declaration order is the JSON order.
    /// </summary>
    private sealed record Answer
    {
        public required string Status { get; init; }
        public string? Bucket { get; init; }
        public string? Key { get; init; }
        public string? ETag { get; init; }
        public long? Size { get; init; }
        public string? Rule { get; init; }
        public string? OutputBucket { get; init; }
        public string? OutputFolder { get; init; }
        public int? TotalEntries { get; init; }
        public string? Format { get; init; }
        public string? Code { get; init; }
        public string? Reason { get; init; }
        public string? NextCursor { get; init; }
        public int? GetRequests { get; init; }
        public object? Entries { get; init; }
    }
}
