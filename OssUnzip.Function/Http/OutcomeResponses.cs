using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Http;

/// <summary>
/// The one place that turns outcomes and failures into HTTP statuses and JSON bodies. EventBridge
/// retries non-2xx responses (docs/facts.md §3), so: nothing to do → 2xx; permanent → 4xx; transient → 5xx.
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

    /// <summary>A failure that escaped the function: retryable ones get 503 so EventBridge tries again.</summary>
    public static Task<HttpResponseData> FailureAsync(HttpRequestData request, FailureKind kind, string reason, CancellationToken cancellationToken)
    {
        var (status, code) = kind switch
        {
            FailureKind.Transient => (HttpStatusCode.ServiceUnavailable, "failed"),
            FailureKind.AccessDenied => (HttpStatusCode.Forbidden, "access-denied"),
            FailureKind.SourceChanged => (HttpStatusCode.Conflict, "source-changed"),
            FailureKind.SourceMissing => (HttpStatusCode.NotFound, "source-missing"),
            _ => (HttpStatusCode.InternalServerError, "error"),
        };
        var body = new JsonObject { ["status"] = code, ["retryable"] = kind == FailureKind.Transient, ["reason"] = reason };
        return WriteAsync(request, status, body, CancellationToken.None);
    }

    public static Task<HttpResponseData> ForOutcomesAsync(HttpRequestData request, IReadOnlyList<ExpansionOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 1)
        {
            var (status, body) = Describe(outcomes[0]);
            return WriteAsync(request, status, body, cancellationToken);
        }

        var results = new JsonArray();
        var worst = HttpStatusCode.OK;
        foreach (var outcome in outcomes)
        {
            var (status, body) = Describe(outcome);
            results.Add(body);
            worst = (int)status > (int)worst ? status : worst;
        }

        return WriteAsync(request, worst, new JsonObject { ["status"] = "multiple", ["results"] = results }, cancellationToken);
    }

    public static (HttpStatusCode Status, JsonObject Body) Describe(ExpansionOutcome outcome) => (StatusOf(outcome), OutcomeJson.Describe(outcome));

    private static HttpStatusCode StatusOf(ExpansionOutcome outcome) => outcome switch
    {
        IgnoredOutcome or ExpandedOutcome or AlreadyExpandedOutcome => HttpStatusCode.OK,
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
