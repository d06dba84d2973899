using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Http;

namespace OssUnzip.Function.Functions;

/// <summary>
/// The readiness/liveness probe: answers 200 when the worker is up and serving invocations. It makes
/// no storage call, so a slow or unreachable OSS never takes pods out of service. Open (no auth).
/// </summary>
public static class HealthFunction
{
    [Function("health")]
    public static Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OutcomeResponses.HealthyAsync(request, cancellationToken);
    }
}
