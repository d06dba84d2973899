using System.Net;
using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>A hand-written POST request to /api/unzip with a fixed body and headers.</summary>
internal sealed class FakeHttpRequestData(FunctionContext context, byte[] body, IEnumerable<KeyValuePair<string, string>>? headers = null)
    : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream(body, writable: false);

    public override HttpHeadersCollection Headers { get; } = new(headers ?? []);

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; } = new("http://127.0.0.1/api/unzip");

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method => "POST";

    public FakeHttpResponseData? LastResponse { get; private set; }

    public override HttpResponseData CreateResponse() => LastResponse = new FakeHttpResponseData(FunctionContext);
}
