using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Security;

namespace OssUnzip.Function.Tests.Security;

public sealed class SigningKeyCacheTests
{
    private static readonly Uri Url = new(TestSigner.CertificateUrl);

    [Test]
    public void Parse_PemCertificate_ReturnsItsKeyAndValidity()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa, EdgeHarness.Now);

        var key = SigningKeyCache.Parse(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(key.SubjectPublicKeyInfo, Is.EqualTo(rsa.ExportSubjectPublicKeyInfo()));
            Assert.That(key.NotAfter, Is.EqualTo(EdgeHarness.Now.AddDays(30)).Within(TimeSpan.FromSeconds(1)));
        }
    }

    [Test]
    public void Parse_DerCertificate_ReturnsItsKey()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa, EdgeHarness.Now);

        var key = SigningKeyCache.Parse(certificate.RawData);

        Assert.That(key.SubjectPublicKeyInfo, Is.EqualTo(rsa.ExportSubjectPublicKeyInfo()));
    }

    [Test]
    public void Parse_PemPublicKey_ReturnsIt()
    {
        using var rsa = RSA.Create(2048);

        var key = SigningKeyCache.Parse(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()));

        Assert.That(key.SubjectPublicKeyInfo, Is.EqualTo(rsa.ExportSubjectPublicKeyInfo()));
    }

    [Test]
    public void Parse_PemPrivateKey_Refused()
    {
        using var rsa = RSA.Create(2048);

        Assert.Throws<CryptographicException>(() => SigningKeyCache.Parse(Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem())));
    }

    [Test]
    public async Task GetPublicKeyAsync_AfterCacheLifetime_FetchesAgain()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var signer = new TestSigner(EdgeHarness.Now);
        edge.Certificates.Serve(Url.AbsoluteUri, signer.CertificatePem);
        var sut = edge.Services.GetRequiredService<SigningKeyCache>();

        await sut.GetPublicKeyAsync(Url, CancellationToken.None);
        edge.Clock.Advance(TimeSpan.FromMinutes(59));
        await sut.GetPublicKeyAsync(Url, CancellationToken.None);
        edge.Clock.Advance(TimeSpan.FromMinutes(2));
        await sut.GetPublicKeyAsync(Url, CancellationToken.None);

        Assert.That(edge.Certificates.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task GetPublicKeyAsync_CertificateExpired_ReturnsNull()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        using var rsa = RSA.Create(2048);
        using var expired = SelfSigned(rsa, EdgeHarness.Now.AddDays(-60));
        edge.Certificates.Serve(Url.AbsoluteUri, expired.ExportCertificatePem());

        var key = await edge.Services.GetRequiredService<SigningKeyCache>().GetPublicKeyAsync(Url, CancellationToken.None);

        Assert.That(key, Is.Null);
    }

    [Test]
    public async Task GetPublicKeyAsync_DocumentOverTheCap_ReturnsNull()
    {
        using var edge = new EdgeHarness(EdgeHarness.SignatureSettings());
        edge.Certificates.Serve(Url.AbsoluteUri, new string('A', SigningKeyCache.MaxCertificateBytes + 1));

        var key = await edge.Services.GetRequiredService<SigningKeyCache>().GetPublicKeyAsync(Url, CancellationToken.None);

        Assert.That(key, Is.Null);
    }

    private static X509Certificate2 SelfSigned(RSA rsa, DateTimeOffset from)
    {
        var request = new CertificateRequest("CN=eventbridge-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(from.AddDays(-1), from.AddDays(30));
    }
}
