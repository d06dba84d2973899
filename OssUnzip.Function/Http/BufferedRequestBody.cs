using System.Buffers;
using Microsoft.Azure.Functions.Worker.Http;

namespace OssUnzip.Function.Http;

/// <summary>
/// Reads an HTTP request body once per invocation, up to a cap, and keeps the result on the invocation
/// (<see cref="Microsoft.Azure.Functions.Worker.FunctionContext.Items"/>) so the signature check and the
/// event parser see the same bytes without reading the stream twice. The first read applies its cap;
/// later reads get the same result. A body over the cap is reported as null without reading the rest.
/// </summary>
public static class BufferedRequestBody
{
    private const int ChunkBytes = 4096;
    private static readonly object ItemKey = new();

    /// <returns>The body, or null when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequestData request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var items = request.FunctionContext.Items;
        if (items.TryGetValue(ItemKey, out var cached) && cached is Outcome outcome)
        {
            return outcome.Body;
        }

        var body = await ReadCappedAsync(request.Body, maxBytes, cancellationToken).ConfigureAwait(false);
        items[ItemKey] = new Outcome(body);
        return body;
    }

    private static async Task<byte[]?> ReadCappedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes);
        while (true)
        {
            // Never ask for more than one byte past the cap: that byte is the proof the body is too large.
            var wanted = (int)Math.Min(ChunkBytes, maxBytes + 1L - buffer.WrittenCount);
            var memory = buffer.GetMemory(wanted)[..wanted];
            var read = await body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }

    private sealed record Outcome(byte[]? Body);
}
