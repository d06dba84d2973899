using System.Net;
using System.Text.Json;
using OssUnzip.Function.Events;
using OssUnzip.Function.Http;
using OssUnzip.Function.Security;

namespace OssUnzip.Function.Tests.Security;

public sealed class EdgeGuardMiddlewareTests
{
    private const string Token = "first-token-7a1c9e";
    private const string RotatedToken = "second-token-03bd52";
    private static readonly byte[] EventBody = EdgeHarness.Utf8("""{"specversion":"1.0","id":"evt-1","source":"acs.oss","type":"oss:ObjectCreated:PutObject","data":{"eventName":"ObjectCreated:PutObject","oss":{"bucket":{"name":"eb-ask"},"object":{"key":"zip/a.zip","size":10,"eTag":"E1"}}}}""");

    private static KeyValuePair<string, string>[] TokenHeader(string token) => [KeyValuePair.Create(EventBridgeHeaders.Token, token)];

    private static void AssertRefused((bool Passed, Infrastructure.FakeHttpResponseData? Response, Infrastructure.FakeHttpRequestData Request) result, HttpStatusCode status)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Passed, Is.False, "the function must not run");
            Assert.That(result.Response?.StatusCode, Is.EqualTo(status));
        }
    }

    private static void AssertFailureLogged(EdgeHarness edge, AuthFailure failure)
    {
        var line = edge.Logs.GetSnapshot().Single(r => r.Id.Id == 1100);
        Assert.That(line.Message, Does.Contain(failure.ToString()));
    }

    [Test]
    public async Task Invoke_TokenMissing_Refuses401AndLogsWhy()
    {
        using var edge = new EdgeHarness(EdgeHarness.TokenSettings(Token));

        var result = await edge.InvokeAsync(EventBody);

        AssertRefused(result, HttpStatusCode.Unauthorized);
        AssertFailureLogged(edge, AuthFailure.TokenMissing);
    }

    [Test]
    public async Task Invoke_TokenWrong_Refuses401WithGenericBody()
    {
        using var edge = new EdgeHarness(EdgeHarness.TokenSettings(Token));

        var result = await edge.InvokeAsync(EventBody, TokenHeader(Token + "x"));

        AssertRefused(result, HttpStatusCode.Unauthorized);
        AssertFailureLogged(edge, AuthFailure.TokenWrong);
        var body = JsonDocument.Parse(result.Response!.BodyText()).RootElement;
        Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EqualTo((string[])["status"]));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("unauthorized"));
    }

    [Test]
    public async Task Invoke_TokenWrong_DoesNotReadTheBody()
    {
        using var edge = new EdgeHarness(EdgeHarness.TokenSettings(Token));

        var result = await edge.InvokeAsync(EventBody, TokenHeader("nope"));

        Assert.That(result.Request.Body.Position, Is.Zero);
    }

    [TestCase(Token)]
    [TestCase(RotatedToken)]
    public async Task Invoke_AnyConfiguredTokenDuringRotation_Passes(string token)
    {
        using var edge = new EdgeHarness(EdgeHarness.TokenSettings($"{Token}, {RotatedToken}"));

        var result = await edge.InvokeAsync(EventBody, TokenHeader(token));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Passed, Is.True);
            Assert.That(result.Response, Is.Null);
        }
    }

    [Test]
    public async Task Invoke_ModeNone_PassesWithoutToken()
    {
        using var edge = new EdgeHarness(new Dictionary<string, string?> { ["Auth:Mode"] = "None" });

        var result = await edge.InvokeAsync(EventBody);

        Assert.That(result.Passed, Is.True);
    }

    [Test]
    public async Task Invoke_HealthWithoutToken_Passes()
    {
        using var edge = new EdgeHarness(EdgeHarness.TokenSettings(Token));

        var result = await edge.InvokeAsync([], function: "health");

        Assert.That(result.Passed, Is.True);
    }

    [Test]
    public async Task Invoke_BodyOverLimit_Refuses413WithoutReadingTheRest()
    {
        var settings = EdgeHarness.TokenSettings(Token);
        settings["Http:MaxBodyBytes"] = "8192";
        using var edge = new EdgeHarness(settings);
        var body = new byte[1024 * 1024];

        var result = await edge.InvokeAsync(body, TokenHeader(Token));

        AssertRefused(result, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(result.Request.Body.Position, Is.EqualTo(8192 + 1));
        Assert.That(edge.Logs.GetSnapshot().Single(r => r.Id.Id == 1101).Message, Does.Contain("8192"));
    }

    [Test]
    public async Task Invoke_BodyAtLimit_PassesAndTheFunctionReadsTheSameBody()
    {
        var settings = EdgeHarness.TokenSettings(Token);
        settings["Http:MaxBodyBytes"] = "4096";
        using var edge = new EdgeHarness(settings);
        var body = new byte[4096];
        EventBody.CopyTo(body, 0);
        body.AsSpan(EventBody.Length).Fill((byte)' ');

        var result = await edge.InvokeAsync(body, TokenHeader(Token));
        var parsed = await EventRequestReader.ReadAsync(result.Request, 4096, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Passed, Is.True);
            Assert.That(parsed?.Problem, Is.Null);
            Assert.That(parsed?.Events.Single().Key, Is.EqualTo("zip/a.zip"));
        }
    }

    [Test]
    public async Task Invoke_ValidSignature_PassesAndTheFunctionReadsTheVerifiedBody()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var signer = new TestSigner(EdgeHarness.Now);
        edge.Certificates.Serve(TestSigner.CertificateUrl, signer.CertificatePem);

        var result = await edge.InvokeAsync(EventBody, signer.Headers(EventBody, EdgeHarness.Now.AddSeconds(-5)));
        var parsed = await EventRequestReader.ReadAsync(result.Request, new RequestLimitsOptions().MaxBodyBytes, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Passed, Is.True);
            Assert.That(parsed?.Events.Single().EventId, Is.EqualTo("evt-1"));
        }
    }

    [Test]
    public async Task Invoke_SecondValidSignature_UsesTheCachedCertificate()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var signer = new TestSigner(EdgeHarness.Now);
        edge.Certificates.Serve(TestSigner.CertificateUrl, signer.CertificatePem);

        var first = await edge.InvokeAsync(EventBody, signer.Headers(EventBody, EdgeHarness.Now));
        var second = await edge.InvokeAsync(EventBody, signer.Headers(EventBody, EdgeHarness.Now));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Passed && second.Passed, Is.True);
            Assert.That(edge.Certificates.Requests, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Invoke_TamperedBody_Refuses401()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var signer = new TestSigner(EdgeHarness.Now);
        edge.Certificates.Serve(TestSigner.CertificateUrl, signer.CertificatePem);
        var headers = signer.Headers(EventBody, EdgeHarness.Now);
        var tampered = EdgeHarness.Utf8(System.Text.Encoding.UTF8.GetString(EventBody).Replace("zip/a.zip", "zip/b.zip", StringComparison.Ordinal));

        var result = await edge.InvokeAsync(tampered, headers);

        AssertRefused(result, HttpStatusCode.Unauthorized);
        AssertFailureLogged(edge, AuthFailure.SignatureMismatch);
    }

    [TestCase("https://evil.example.com/cert.pem")]
    [TestCase("https://cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com.evil.example.com/cert.pem")]
    [TestCase("https://a.b-eventbridge.oss-accelerate.aliyuncs.com/cert.pem")]
    [TestCase("http://cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com/cert.pem")]
    [TestCase("https://cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com:8443/cert.pem")]
    [TestCase("https://user@cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com/cert.pem")]
    public async Task Invoke_CertificateUrlOffTheAllowedHost_Refuses401WithoutFetching(string certificateUrl)
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var signer = new TestSigner(EdgeHarness.Now);
        edge.Certificates.Serve(certificateUrl, signer.CertificatePem);

        var result = await edge.InvokeAsync(EventBody, signer.Headers(EventBody, EdgeHarness.Now, certificateUrl: certificateUrl));

        AssertRefused(result, HttpStatusCode.Unauthorized);
        AssertFailureLogged(edge, AuthFailure.CertificateUrlNotAllowed);
        Assert.That(edge.Certificates.Requests, Is.Empty);
    }

    [TestCase(-61)]
    [TestCase(61)]
    public async Task Invoke_TimestampOutsideSkew_Refuses401(int offsetSeconds)
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var signer = new TestSigner(EdgeHarness.Now);
        edge.Certificates.Serve(TestSigner.CertificateUrl, signer.CertificatePem);

        var result = await edge.InvokeAsync(EventBody, signer.Headers(EventBody, EdgeHarness.Now.AddSeconds(offsetSeconds)));

        AssertRefused(result, HttpStatusCode.Unauthorized);
        AssertFailureLogged(edge, AuthFailure.TimestampOutsideSkew);
    }

    [Test]
    public async Task Invoke_SignatureFromAnotherKey_Refuses401()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var signer = new TestSigner(EdgeHarness.Now);
        using var impostor = new TestSigner(EdgeHarness.Now);
        edge.Certificates.Serve(TestSigner.CertificateUrl, signer.CertificatePem);

        var result = await edge.InvokeAsync(EventBody, impostor.Headers(EventBody, EdgeHarness.Now));

        AssertRefused(result, HttpStatusCode.Unauthorized);
        AssertFailureLogged(edge, AuthFailure.SignatureMismatch);
    }

    [Test]
    public async Task Invoke_SignatureMissing_Refuses401()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());

        var result = await edge.InvokeAsync(EventBody);

        AssertRefused(result, HttpStatusCode.Unauthorized);
        AssertFailureLogged(edge, AuthFailure.SignatureMissing);
    }

    [Test]
    public async Task Invoke_CertificateNotServed_Refuses401()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var signer = new TestSigner(EdgeHarness.Now);

        var result = await edge.InvokeAsync(EventBody, signer.Headers(EventBody, EdgeHarness.Now));

        AssertRefused(result, HttpStatusCode.Unauthorized);
        AssertFailureLogged(edge, AuthFailure.CertificateUnavailable);
    }

    [Test]
    public async Task Invoke_SignatureModeWithTokens_RequiresBoth()
    {
        var settings = EdgeHarness.SignatureSettings();
        settings["Auth:Tokens"] = Token;
        using var edge = new EdgeHarness(settings);
        using var signer = new TestSigner(EdgeHarness.Now);
        edge.Certificates.Serve(TestSigner.CertificateUrl, signer.CertificatePem);

        var withToken = await edge.InvokeAsync(EventBody, signer.Headers(EventBody, EdgeHarness.Now, token: Token));
        var withoutToken = await edge.InvokeAsync(EventBody, signer.Headers(EventBody, EdgeHarness.Now));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(withToken.Passed, Is.True);
            Assert.That(withoutToken.Passed, Is.False);
        }
    }
}
