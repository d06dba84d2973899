using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OssUnzip.Local.Host;
using OssUnzip.Local.Protos;

namespace OssUnzip.Local.Tests.Host;

public class InvocationRequestFactoryTests
{
    [Test]
    public async Task CreateAsync_PostWithBody_MapsToRpcHttp()
    {
        var function = new HttpFunction("f-1", "Unzip", "req", "api/unzip", ["post"]);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 7071);
        context.Request.Path = "/api/unzip";
        context.Request.QueryString = new QueryString("?a=1");
        context.Request.Headers["x-eventbridge-signature-token"] = "t0k";
        context.Request.Headers.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"x":"é"}"""));

        var request = await InvocationRequestFactory.CreateAsync(function, context.Request, new RouteValueDictionary(), CancellationToken.None);

        var http = request.InputData.Single().Data.Http;
        Assert.Multiple(() =>
        {
            Assert.That(request.FunctionId, Is.EqualTo("f-1"));
            Assert.That(request.InvocationId, Is.Not.Empty);
            Assert.That(request.TraceContext, Is.Not.Null);
            Assert.That(request.TraceContext.TraceParent, Does.Match("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$"));
            Assert.That(request.InputData.Single().Name, Is.EqualTo("req"));
            Assert.That(http.Method, Is.EqualTo("POST"));
            Assert.That(http.Url, Is.EqualTo("http://127.0.0.1:7071/api/unzip?a=1"));
            Assert.That(http.Body.DataCase, Is.EqualTo(TypedData.DataOneofCase.Bytes));
            Assert.That(http.Body.Bytes.ToStringUtf8(), Is.EqualTo("""{"x":"é"}"""));
            Assert.That(http.NullableHeaders["x-eventbridge-signature-token"].Value, Is.EqualTo("t0k"));
            Assert.That(http.Headers["Content-Type"], Is.EqualTo("application/json"));
            Assert.That(http.NullableQuery["a"].Value, Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task CreateAsync_RouteValues_GoToParamsAndTriggerMetadata()
    {
        var function = new HttpFunction("f-2", "Item", "req", "api/items/{id}", null);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Host = new HostString("127.0.0.1");
        context.Request.Path = "/api/items/42";

        var request = await InvocationRequestFactory.CreateAsync(
            function, context.Request, new RouteValueDictionary { ["id"] = "42" }, CancellationToken.None);

        var http = request.InputData.Single().Data.Http;
        Assert.Multiple(() =>
        {
            Assert.That(http.NullableParams["id"].Value, Is.EqualTo("42"));
            Assert.That(request.TriggerMetadata["id"].String, Is.EqualTo("42"));
            Assert.That(http.Body.Bytes.IsEmpty, Is.True);
        });
    }
}
