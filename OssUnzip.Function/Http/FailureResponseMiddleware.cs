using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Http;

/// <summary>
/// Turns an exception that escaped an HTTP function into the response EventBridge needs (a retried
/// status when a retry can help, an acknowledgement when it cannot: <see cref="OutcomeResponses"/>),
/// logging it once, here. Never lets the host see a crash.
/// </summary>
internal sealed class FailureResponseMiddleware(ILogger<FailureResponseMiddleware> logger, IOptions<ResponseOptions> responses) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var request = await context.GetHttpRequestDataAsync().ConfigureAwait(false);
            if (request is null)
            {
                throw;
            }

            var kind = FailureClassifier.Classify(e);
            Log.InvocationFailed(logger, e, context.InvocationId, kind.ToString(), e.Message);
            var reason = kind == FailureKind.Unexpected ? "An unexpected error occurred; see the service log." : e.Message;
            context.GetInvocationResult().Value = await OutcomeResponses.FailureAsync(request, kind, reason, responses.Value, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
