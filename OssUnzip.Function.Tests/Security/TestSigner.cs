using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OssUnzip.Function.Security;

namespace OssUnzip.Function.Tests.Security;

/// <summary>
/// Plays EventBridge in tests: an RSA key pair with a self-signed certificate generated per run, and
/// the signature v2 headers for a body, built through the product's own string-to-sign.
/// </summary>
internal sealed class TestSigner : IDisposable
{
    public const string CertificateUrl = "https://cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com/cert/eventbridge.pem";
    public const string SignedUrl = "https://ossunzip.example.com/api/unzip";

    private readonly RSA _key = RSA.Create(2048);

    public TestSigner(DateTimeOffset now)
    {
        var request = new CertificateRequest("CN=eventbridge-test", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        CertificatePem = certificate.ExportCertificatePem();
    }

    public string CertificatePem { get; }

    public Dictionary<string, string> Headers(byte[] body, DateTimeOffset timestamp, string? token = null, string certificateUrl = CertificateUrl)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [EventBridgeHeaders.HashMethod] = "SHA256",
            [EventBridgeHeaders.Timestamp] = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            [EventBridgeHeaders.Version] = "v2",
            [EventBridgeHeaders.CertificateUrl] = certificateUrl,
        };
        if (token is not null)
        {
            headers[EventBridgeHeaders.Token] = token;
        }

        var stringToSign = EventBridgeSignature.StringToSign(SignedUrl, name => headers.GetValueOrDefault(name), body);
        headers[EventBridgeHeaders.SignatureV2] = Convert.ToBase64String(_key.SignData(stringToSign, HashAlgorithmName.SHA256, EventBridgeSignature.Padding));
        return headers;
    }

    public void Dispose() => _key.Dispose();
}
