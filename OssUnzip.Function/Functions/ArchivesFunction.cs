using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Http;

namespace OssUnzip.Function.Functions;

/// <summary>
/// <c>GET /api/archives?bucket=B&amp;key=K[&amp;cursor=N][&amp;limit=M]</c>: an archive's entries and what an
/// expansion would do with each, without writing anything. Authenticated like the webhook (the edge
/// guard covers every function but health); the work is <see cref="IArchiveInspector"/>'s.
/// </summary>
public sealed class ArchivesFunction(IArchiveInspector inspector)
{
    [Function("archives")]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "archives")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = System.Web.HttpUtility.ParseQueryString(request.Url.Query);
        var bucket = query["bucket"];
        var key = query["key"];
        if (string.IsNullOrEmpty(bucket) || string.IsNullOrEmpty(key))
        {
            return await InspectionResponses.BadQueryAsync(request, "bucket and key are required", cancellationToken).ConfigureAwait(false);
        }

        if (!TryParse(query["cursor"], 0, int.MaxValue, 0, out var cursor) || !TryParse(query["limit"], 1, InspectionLimits.MaxLimit, InspectionLimits.DefaultLimit, out var limit))
        {
            return await InspectionResponses.BadQueryAsync(request, $"cursor must be a cursor from a previous page and limit 1 to {InspectionLimits.MaxLimit}", cancellationToken).ConfigureAwait(false);
        }

        var outcome = await inspector.InspectAsync(bucket, key, cursor, limit, cancellationToken).ConfigureAwait(false);
        return await InspectionResponses.ForOutcomeAsync(request, outcome, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryParse(string? text, int min, int max, int fallback, out int value)
    {
        value = fallback;
        return text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }
}
