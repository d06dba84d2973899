using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Http;

namespace OssUnzip.Function.Security;

/// <summary>
/// Runs before every HTTP function except the ones listed as open (the health probe): refuses requests
/// that are not from EventBridge with a 401 whose body says nothing about which check failed (the log
/// line does), and bodies over <c>Http:MaxBodyBytes</c> with a 413. New functions are guarded unless
/// they are added to <see cref="OpenFunctions"/>.
/// </summary>
internal sealed class EdgeGuardMiddleware(EventBridgeAuthenticator authenticator, OssUnzipMetrics metrics, ILogger<EdgeGuardMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public static IReadOnlySet<string> OpenFunctions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "health" };

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (OpenFunctions.Contains(context.FunctionDefinition.Name))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var request = await context.GetHttpRequestDataAsync().ConfigureAwait(false);
        if (request is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var result = await authenticator.AuthenticateAsync(request, context.CancellationToken).ConfigureAwait(false);
        if (result.IsAllowed)
        {
            await next(context).ConfigureAwait(false);
        }
        else if (result.Failure is { } failure)
        {
            Log.RequestUnauthenticated(logger, context.InvocationId, context.FunctionDefinition.Name, failure.ToString());
            metrics.RequestRefused(failure.ToString());
            context.GetInvocationResult().Value = await OutcomeResponses.UnauthorizedAsync(request, context.CancellationToken).ConfigureAwait(false);
        }
        else
        {
            var limit = authenticator.MaxBodyBytes;
            Log.RequestTooLarge(logger, context.InvocationId, context.FunctionDefinition.Name, limit);
            metrics.RequestRefused("BodyTooLarge");
            context.GetInvocationResult().Value = await OutcomeResponses.TooLargeAsync(request, limit, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
