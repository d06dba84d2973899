using System.Net;
using System.Text.Json;
using OssUnzip.Function.Functions;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Functions;

public sealed class HealthFunctionTests
{
    [Test]
    public async Task RunAsync_Always_Answers200StatusOk()
    {
        var context = new FakeFunctionContext("health");
        var request = new FakeHttpRequestData(context, []);

        var response = (FakeHttpResponseData)await HealthFunction.RunAsync(request, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(JsonDocument.Parse(response.BodyText()).RootElement.GetProperty("status").GetString(), Is.EqualTo("ok"));
            Assert.That(response.Headers.GetValues("Content-Type").Single(), Does.StartWith("application/json"));
        }
    }
}
