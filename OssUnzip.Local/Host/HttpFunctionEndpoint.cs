using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace OssUnzip.Local.Host;

/// <summary>Serves function routes on the HTTP/1.1 port: route → InvocationRequest → worker → HTTP response.</summary>
internal sealed class HttpFunctionEndpoint(WorkerConnection connection, ILogger<HttpFunctionEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!connection.Ready.IsCompletedSuccessfully)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var functions = await connection.Ready.ConfigureAwait(false);
        var routeValues = new RouteValueDictionary();
        var function = functions.FirstOrDefault(f =>
        {
            routeValues.Clear();
            return f.AllowsMethod(context.Request.Method) && f.TryMatch(context.Request.Path, routeValues);
        });

        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var cancellationToken = context.RequestAborted;
        var request = await InvocationRequestFactory.CreateAsync(function, context.Request, routeValues, cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        Protos.InvocationResponse response;
        try
        {
            response = await connection.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkerUnavailableException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var status = response.Result?.Status.ToString() ?? "NoResult";
        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        HostLog.Invoked(logger, function.Name, request.InvocationId, status, elapsedMs);
        if (response.Result?.Exception is { } exception)
        {
            HostLog.InvocationFailed(logger, function.Name, request.InvocationId, exception.Message);
        }

        await InvocationResponseWriter.WriteAsync(response, context.Response, cancellationToken).ConfigureAwait(false);
    }
}
