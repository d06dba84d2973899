using System.Text;
using OssUnzip.Function.Security;

namespace OssUnzip.Function.Tests.Security;

public sealed class EventBridgeSignatureTests
{
    [Test]
    public void StringToSign_AllHeaders_UrlThenHeaderLinesThenBlankLineThenBody()
    {
        var headers = new Dictionary<string, string>
        {
            [EventBridgeHeaders.Token] = "tok",
            [EventBridgeHeaders.CertificateUrl] = "https://cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com/c.pem",
            [EventBridgeHeaders.Version] = "v2",
            [EventBridgeHeaders.Timestamp] = "1764151200",
            [EventBridgeHeaders.HashMethod] = "SHA256",
        };

        var bytes = EventBridgeSignature.StringToSign("https://h/api/unzip", headers.GetValueOrDefault, Encoding.UTF8.GetBytes("{\"a\":1}"));

        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(
            "https://h/api/unzip\n" +
            "x-eventbridge-signature-timestamp: 1764151200\n" +
            "x-eventbridge-signature-version: v2\n" +
            "x-eventbridge-signature-url: https://cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com/c.pem\n" +
            "x-eventbridge-signature-token: tok\n" +
            "\n" +
            "{\"a\":1}"));
    }

    [Test]
    public void StringToSign_NoToken_SkipsTheTokenLine()
    {
        var text = Encoding.UTF8.GetString(EventBridgeSignature.StringToSign("u", name => name == EventBridgeHeaders.Timestamp ? "1" : null, []));

        Assert.That(text, Is.EqualTo("u\nx-eventbridge-signature-timestamp: 1\n\n"));
    }

    [TestCase("1764151200", 1764151200L)]
    [TestCase("1764151200123", 1764151200L)]
    public void TryParseTimestamp_SecondsOrMilliseconds_Parses(string value, long expectedSeconds)
    {
        Assert.That(EventBridgeSignature.TryParseTimestamp(value, out var timestamp), Is.True);
        Assert.That(timestamp.ToUnixTimeSeconds(), Is.EqualTo(expectedSeconds));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("-5")]
    [TestCase("12.5")]
    [TestCase("soon")]
    [TestCase("99999999999999999")]
    public void TryParseTimestamp_NotAUnixTime_Fails(string? value) =>
        Assert.That(EventBridgeSignature.TryParseTimestamp(value, out _), Is.False);

    [TestCase("SHA256", true)]
    [TestCase("sha-256", true)]
    [TestCase("SHA1", false)]
    [TestCase(null, false)]
    public void IsSupportedHashMethod_Value_Expected(string? value, bool expected) =>
        Assert.That(EventBridgeSignature.IsSupportedHashMethod(value), Is.EqualTo(expected));
}
