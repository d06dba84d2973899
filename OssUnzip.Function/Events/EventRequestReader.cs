using System.Buffers;
using Microsoft.Azure.Functions.Worker.Http;

namespace OssUnzip.Function.Events;

/// <summary>
/// Reads an HTTP request into events: at most <see cref="MaxBodyBytes"/> of body (events are small;
/// a larger body is refused without reading the rest), binary-mode CloudEvent attributes from the
/// <c>ce-*</c> headers, then <see cref="OssEventParser"/>.
/// </summary>
public static class EventRequestReader
{
    /// <summary>An OSS event is about 2 KB; 256 KiB leaves room for {"events":[...]} batches.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <returns>The parse result, or null when the body is larger than <see cref="MaxBodyBytes"/>.</returns>
    public static async Task<EventParseResult?> ReadAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request.Body, cancellationToken).ConfigureAwait(false);
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

    private static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes)
            {
                return null;
            }
        }
    }
}
