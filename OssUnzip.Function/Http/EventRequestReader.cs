using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Events;

namespace OssUnzip.Function.Http;

/// <summary>
/// Reads an HTTP request into events: at most <c>Http:MaxBodyBytes</c> of body (events are small; a
/// larger body is refused without reading the rest), binary-mode CloudEvent attributes from the
/// <c>ce-*</c> headers, then <see cref="OssEventParser"/>. When the edge middleware has already read the
/// body (under the same limit), those same bytes are used.
/// </summary>
public static class EventRequestReader
{
    /// <param name="maxBodyBytes"><see cref="RequestLimitsOptions.MaxBodyBytes"/>, the one body limit.</param>
    /// <returns>The parse result, or null when the body is larger than <paramref name="maxBodyBytes"/>.</returns>
    public static async Task<EventParseResult?> ReadAsync(HttpRequestData request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await BufferedRequestBody.ReadAsync(request, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        return OssEventParser.Parse(body, BinaryModeAttributes(request.Headers));
    }

    private static CloudEventBinaryAttributes? BinaryModeAttributes(HttpHeadersCollection headers)
    {
        if (!headers.Contains("ce-specversion"))
        {
            return null;
        }

        return new CloudEventBinaryAttributes(First(headers, "ce-id"), First(headers, "ce-type"), First(headers, "ce-source"));
    }

    private static string? First(HttpHeadersCollection headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
