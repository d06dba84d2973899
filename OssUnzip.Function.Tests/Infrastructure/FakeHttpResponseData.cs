using System.Net;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>A hand-written response that keeps its body in memory for assertions.</summary>
internal sealed class FakeHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies => throw new NotSupportedException();

    public string BodyText()
    {
        var buffer = new MemoryStream();
        Body.Position = 0;
        Body.CopyTo(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
