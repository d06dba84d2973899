using System.Diagnostics;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Host;

/// <summary>
/// Maps an HTTP request to the InvocationRequest the real host would send for an HTTP trigger.
/// The worker declares RawHttpBodyBytes and UseNullableValueDictionaryForHttp, so the body goes as
/// TypedData bytes and headers/query/route values in the nullable_* maps (the plain maps are filled
/// too, for workers that read those). The worker requires a TraceContext on every invocation.
/// </summary>
internal static class InvocationRequestFactory
{
    public static async Task<InvocationRequest> CreateAsync(
        HttpFunction function, HttpRequest request, RouteValueDictionary routeValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routeValues);

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);

        var http = new RpcHttp
        {
            Method = request.Method,
            Url = request.GetDisplayUrl(),
            Body = new TypedData { Bytes = ByteString.CopyFrom(body.GetBuffer(), 0, (int)body.Length) },
        };

        foreach (var (name, values) in request.Headers)
        {
            var value = values.ToString();
            http.Headers[name] = value;
            http.NullableHeaders[name] = new NullableString { Value = value };
        }

        foreach (var (name, values) in request.Query)
        {
            var value = values.ToString();
            http.Query[name] = value;
            http.NullableQuery[name] = new NullableString { Value = value };
        }

        var invocation = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = TraceParent(), TraceState = string.Empty },
        };

        foreach (var (name, value) in routeValues)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            http.Params[name] = text;
            http.NullableParams[name] = new NullableString { Value = text };
            invocation.TriggerMetadata[name] = new TypedData { String = text };
        }

        invocation.InputData.Add(new ParameterBinding { Name = function.TriggerBindingName, Data = new TypedData { Http = http } });
        return invocation;
    }

    private static string TraceParent() =>
        Activity.Current?.Id is { } id && id.StartsWith("00-", StringComparison.Ordinal)
            ? id
            : $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
}
