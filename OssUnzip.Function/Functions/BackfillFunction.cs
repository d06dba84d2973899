using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Http;

namespace OssUnzip.Function.Functions;

/// <summary>
/// <c>POST /api/backfill {"bucket":B,"prefix":P}</c> starts a backfill and answers 202 at once with its
/// id; <c>GET /api/backfill/{id}</c> reports its progress. Authenticated like the webhook; the work is
/// <see cref="IBackfillService"/>'s.
/// </summary>
public sealed class BackfillFunction(IBackfillService backfills, IOptions<RequestLimitsOptions> limits)
{
    [Function("backfill")]
    public async Task<HttpResponseData> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "backfill")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var body = await BufferedRequestBody.ReadAsync(request, limits.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        BackfillRequest? parsed = null;
        try
        {
            parsed = body is null ? null : JsonSerializer.Deserialize<BackfillRequest>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
        }

        if (parsed is not { Bucket.Length: > 0 } || parsed.Prefix is null)
        {
            return await BackfillResponses.BadRequestAsync(request, "the body must be {\"bucket\":\"...\",\"prefix\":\"...\"}", cancellationToken).ConfigureAwait(false);
        }

        var started = backfills.Start(parsed.Bucket, parsed.Prefix);
        return started is null
            ? await BackfillResponses.BucketNotAllowedAsync(request, parsed.Bucket, cancellationToken).ConfigureAwait(false)
            : await BackfillResponses.StartedAsync(request, started, cancellationToken).ConfigureAwait(false);
    }

    [Function("backfill-progress")]
    public async Task<HttpResponseData> ProgressAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "backfill/{id}")] HttpRequestData request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        return backfills.Get(id) is { } progress
            ? await BackfillResponses.ProgressAsync(request, progress, cancellationToken).ConfigureAwait(false)
            : await BackfillResponses.UnknownAsync(request, id, cancellationToken).ConfigureAwait(false);
    }

    private sealed record BackfillRequest(string? Bucket, string? Prefix);
}
