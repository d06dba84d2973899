using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Http;

namespace OssUnzip.Function.Functions;

/// <summary>
/// The EventBridge webhook target: reads the event, hands each record to the expander, maps the
/// outcomes to a response. Failures that escape are mapped by <see cref="FailureResponseMiddleware"/>.
/// </summary>
public sealed class UnzipFunction(IArchiveExpander expander, IOptions<RequestLimitsOptions> limits, IOptions<ResponseOptions> responses, ILogger<UnzipFunction> logger)
{
    [Function("unzip")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unzip")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var maxBodyBytes = limits.Value.MaxBodyBytes;
        var parsed = await EventRequestReader.ReadAsync(request, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (parsed is null)
        {
            return await OutcomeResponses.TooLargeAsync(request, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        }

        if (parsed.Problem is { } problem)
        {
            Log.RequestMalformed(logger, problem);
            return await OutcomeResponses.MalformedAsync(request, problem, cancellationToken).ConfigureAwait(false);
        }

        var outcomes = new List<ExpansionOutcome>(parsed.Events.Count);
        foreach (var objectCreated in parsed.Events)
        {
            outcomes.Add(await expander.ExpandAsync(objectCreated, cancellationToken).ConfigureAwait(false));
        }

        return await OutcomeResponses.ForOutcomesAsync(request, outcomes, responses.Value, cancellationToken).ConfigureAwait(false);
    }
}
