using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Http;

/// <summary>
/// The one place that turns outcomes and failures into HTTP statuses and JSON bodies. EventBridge
/// retries every non-2xx response (docs/facts.md §3), so: nothing to do → 2xx; a failure no retry can
/// change (rejected, source missing, source changed) → 2xx with the outcome in the body, or its 4xx
/// under <c>Http:PermanentFailureStatus=client-error</c>; a failure a retry can heal (access denied,
/// storage, shutdown, a bug) → a status EventBridge retries (decision 0016).
/// </summary>
public static class OutcomeResponses
{
    public static Task<HttpResponseData> MalformedAsync(HttpRequestData request, string problem, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.BadRequest, new JsonObject { ["status"] = "malformed", ["reason"] = problem }, cancellationToken);

    public static Task<HttpResponseData> TooLargeAsync(HttpRequestData request, int limit, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.RequestEntityTooLarge, new JsonObject { ["status"] = "too-large", ["reason"] = $"The body exceeds {limit} bytes; an OSS event is far smaller." }, cancellationToken);

    /// <summary>Deliberately generic: which check failed is in the log, never in the response.</summary>
    public static Task<HttpResponseData> UnauthorizedAsync(HttpRequestData request, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.Unauthorized, new JsonObject { ["status"] = "unauthorized" }, cancellationToken);

    public static Task<HttpResponseData> HealthyAsync(HttpRequestData request, CancellationToken cancellationToken) =>
        WriteAsync(request, HttpStatusCode.OK, new JsonObject { ["status"] = "ok" }, cancellationToken);

    /// <summary>A failure that escaped the function: a retry can help → a retried status; it cannot → see the class remarks.</summary>
    public static Task<HttpResponseData> FailureAsync(HttpRequestData request, FailureKind kind, string reason, ResponseOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var acknowledge = options.AcknowledgesPermanentFailures;
        var (status, code, retryable) = kind switch
        {
            FailureKind.Transient => (HttpStatusCode.ServiceUnavailable, "failed", true),
            FailureKind.AccessDenied => (HttpStatusCode.Forbidden, "access-denied", true),
            FailureKind.SourceChanged => (acknowledge ? HttpStatusCode.OK : HttpStatusCode.Conflict, "source-changed", false),
            FailureKind.SourceMissing => (acknowledge ? HttpStatusCode.OK : HttpStatusCode.NotFound, "source-missing", false),
            FailureKind.StoreRefused => (acknowledge ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity, "store-refused", false),
            _ => (HttpStatusCode.InternalServerError, "error", false),
        };
        var body = new JsonObject { ["status"] = code, ["retryable"] = retryable, ["reason"] = reason };
        return WriteAsync(request, status, body, CancellationToken.None);
    }

    public static Task<HttpResponseData> ForOutcomesAsync(HttpRequestData request, IReadOnlyList<ExpansionOutcome> outcomes, ResponseOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 1)
        {
            var (status, body) = Describe(outcomes[0], options);
            return WriteAsync(request, status, body, cancellationToken);
        }

        var results = new JsonArray();
        var worst = HttpStatusCode.OK;
        foreach (var outcome in outcomes)
        {
            var (status, body) = Describe(outcome, options);
            results.Add(body);
            worst = (int)status > (int)worst ? status : worst;
        }

        return WriteAsync(request, worst, new JsonObject { ["status"] = "multiple", ["results"] = results }, cancellationToken);
    }

    public static (HttpStatusCode Status, JsonObject Body) Describe(ExpansionOutcome outcome, ResponseOptions options) => (StatusOf(outcome, options), OutcomeJson.Describe(outcome));

    private static HttpStatusCode StatusOf(ExpansionOutcome outcome, ResponseOptions options) => outcome switch
    {
        IgnoredOutcome or ExpandedOutcome or AlreadyExpandedOutcome => HttpStatusCode.OK,
        JobOutcome => HttpStatusCode.Accepted,
        RejectedOutcome when (options ?? throw new ArgumentNullException(nameof(options))).AcknowledgesPermanentFailures => HttpStatusCode.OK,
        RejectedOutcome { Kind: RejectionKind.SourceMissing } => HttpStatusCode.NotFound,
        RejectedOutcome => HttpStatusCode.UnprocessableEntity,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "unknown outcome"),
    };

    private static async Task<HttpResponseData> WriteAsync(HttpRequestData request, HttpStatusCode status, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken).ConfigureAwait(false);
        return response;
    }
}
