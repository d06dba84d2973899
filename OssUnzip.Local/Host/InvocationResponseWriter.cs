using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Host;

/// <summary>
/// Writes an InvocationResponse as the HTTP response: the RpcHttp from the return value (or from
/// an http output binding), status code, headers and body. A failed invocation is a 500 with an
/// empty body, as under the real host; an invocation without HTTP output is a 204.
/// </summary>
internal static class InvocationResponseWriter
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection",
    };

    public static async Task WriteAsync(InvocationResponse invocation, HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(response);

        if (invocation.Result?.Status != StatusResult.Types.Status.Success)
        {
            response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        var http = invocation.ReturnValue?.Http
                   ?? invocation.OutputData.Select(b => b.Data?.Http).FirstOrDefault(h => h is not null);
        if (http is null)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        response.StatusCode = int.TryParse(http.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : StatusCodes.Status200OK;
        foreach (var (name, value) in http.Headers)
        {
            if (!HopHeaders.Contains(name))
            {
                response.Headers[name] = value;
            }
        }

        var body = BodyBytes(http.Body);
        if (body.Length > 0)
        {
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ReadOnlyMemory<byte> BodyBytes(TypedData? body) => body?.DataCase switch
    {
        TypedData.DataOneofCase.Bytes => body.Bytes.Memory,
        TypedData.DataOneofCase.Stream => body.Stream.Memory,
        TypedData.DataOneofCase.String => Encoding.UTF8.GetBytes(body.String),
        TypedData.DataOneofCase.Json => Encoding.UTF8.GetBytes(body.Json),
        TypedData.DataOneofCase.Int => Encoding.UTF8.GetBytes(body.Int.ToString(CultureInfo.InvariantCulture)),
        TypedData.DataOneofCase.Double => Encoding.UTF8.GetBytes(body.Double.ToString(CultureInfo.InvariantCulture)),
        _ => ReadOnlyMemory<byte>.Empty,
    };
}
