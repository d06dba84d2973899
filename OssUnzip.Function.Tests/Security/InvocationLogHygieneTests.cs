using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OssUnzip.Function.Functions;
using OssUnzip.Function.Hosting;
using OssUnzip.Function.Http;
using OssUnzip.Function.Security;
using OssUnzip.Function.Tests.Events;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.S3rver;

namespace OssUnzip.Function.Tests.Security;

/// <summary>
/// Whole invocations (failure middleware → edge guard → unzip function → real expander on s3rver) with
/// every log line captured at Trace: no token, storage secret or request body may appear in any of them.
/// </summary>
[Category("Integration")]
public sealed class InvocationLogHygieneTests() : S3rverFixture(Bucket)
{
    private const string Bucket = "hygiene";
    private static readonly string Token = "tok-" + Guid.NewGuid().ToString("N");
    private static readonly string WrongToken = "wrong-" + Guid.NewGuid().ToString("N");
    private static readonly string BodyMarker = "marker-" + Guid.NewGuid().ToString("N");

    private static byte[] EventBody(string key)
    {
        var record = OssEventSamples.Record(key, bucket: Bucket);
        record["oss"]!["object"]!.AsObject().Remove("eTag");
        var cloudEvent = OssEventSamples.CloudEvent(key);
        cloudEvent["id"] = "evt-" + Guid.NewGuid().ToString("N");
        cloudEvent["aliyunaccountid"] = BodyMarker;
        cloudEvent["data"] = record;
        return OssEventSamples.Utf8(cloudEvent);
    }

    private static async Task<HttpResponseData?> InvokeAsync(IServiceProvider services, byte[] body, string token)
    {
        var context = new FakeFunctionContext("unzip");
        var request = new FakeHttpRequestData(context, body, [KeyValuePair.Create(EventBridgeHeaders.Token, token)]);
        context.UseHttpRequest(request);
        var failures = new FailureResponseMiddleware(services.GetRequiredService<ILogger<FailureResponseMiddleware>>(), Microsoft.Extensions.Options.Options.Create(new OssUnzip.Function.Http.ResponseOptions()));
        var edge = ActivatorUtilities.CreateInstance<EdgeGuardMiddleware>(services);
        var function = ActivatorUtilities.CreateInstance<UnzipFunction>(services);
        await failures.Invoke(context, c => edge.Invoke(c, async inner =>
            inner.GetInvocationResult().Value = await function.RunAsync(request, CancellationToken.None)));
        return context.InvocationResult as HttpResponseData;
    }

    [Test]
    public async Task Invocations_AcceptedAndRefused_LogNoTokenSecretOrBody()
    {
        var key = $"zip/hygiene-{Guid.NewGuid():N}.zip";
        await TestData.PutAsync(Client, Bucket, key, new ZipBuilder().File("a.txt", TestData.Text(5000, 1)).Build());
        var settings = new Dictionary<string, string?> { ["Auth:Mode"] = "Token", ["Auth:Tokens"] = Token };
        await using var host = CreateHost(Bucket, settings, configureServices: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging());
        var body = EventBody(key);

        var accepted = await InvokeAsync(host.Services, body, Token);
        var refused = await InvokeAsync(host.Services, body, WrongToken);

        var records = host.Services.GetFakeLogCollector().GetSnapshot();
        var text = string.Join("\n", records.Select(Describe));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accepted?.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused?.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(records.Select(r => r.Id.Id), Does.Contain(1201).And.Contain(1100), "the invocations were logged");
            Assert.That(text, Does.Not.Contain(Token));
            Assert.That(text, Does.Not.Contain(WrongToken));
            Assert.That(text, Does.Not.Contain(S3rverProcess.SecretKey));
            Assert.That(text, Does.Not.Contain(BodyMarker));
            Assert.That(text, Does.Not.Contain("specversion"));
        }
    }

    /// <summary>Everything a log sink could write: message, structured values, scopes and exception.</summary>
    private static string Describe(FakeLogRecord record) =>
        string.Join(
            " | ",
            new[] { record.Category, record.Message, record.Exception?.ToString() ?? string.Empty }
                .Concat(record.StructuredState?.Select(p => $"{p.Key}={p.Value}") ?? [])
                .Concat(record.Scopes.Select(s => s?.ToString() ?? string.Empty)));
}
