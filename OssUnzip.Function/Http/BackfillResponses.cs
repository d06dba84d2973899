using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Http;

/// <summary>Backfill answers: 202 with the new run (and where to follow it), 200 with a run's progress, 400 / 403 / 404.</summary>
public static class BackfillResponses
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseData> StartedAsync(HttpRequestData request, BackfillProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return WriteAsync(request, HttpStatusCode.Accepted, new { progress, location = $"/api/backfill/{progress.Id}" }, cancellationToken);
    }

    public static Task<HttpResponseData> ProgressAsync(HttpRequestData request, BackfillProgress progress, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.OK, progress, cancellationToken);

    public static Task<HttpResponseData> BadRequestAsync(HttpRequestData request, string problem, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.BadRequest, new { status = "malformed", reason = problem }, cancellationToken);

    public static Task<HttpResponseData> BucketNotAllowedAsync(HttpRequestData request, string bucket, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.Forbidden, new { status = "bucket-not-allowed", reason = $"no rule takes bucket '{bucket}'" }, cancellationToken);

    public static Task<HttpResponseData> UnknownAsync(HttpRequestData request, string id, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.NotFound, new { status = "unknown-backfill", reason = $"this process knows no backfill '{id}' (runs are kept in memory; a restart forgets them)" }, cancellationToken);

    private static async Task<HttpResponseData> WriteAsync<T>(HttpRequestData request, HttpStatusCode status, T body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, Json), cancellationToken).ConfigureAwait(false);
        return response;
    }
}
