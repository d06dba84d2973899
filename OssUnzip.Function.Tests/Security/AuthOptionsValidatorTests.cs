using OssUnzip.Function.Security;

namespace OssUnzip.Function.Tests.Security;

public sealed class AuthOptionsValidatorTests
{
    private static AuthOptionsValidator CreateSut() => new();

    private static IEnumerable<string> Failures(AuthOptions options) => CreateSut().Validate(null, options).Failures ?? [];

    [Test]
    public void Validate_ModeMissing_NamesAuthMode()
    {
        var failures = Failures(new AuthOptions());

        Assert.That(failures, Has.One.Contains("Auth:Mode"));
    }

    [Test]
    public void Validate_TokenModeWithoutTokens_NamesAuthTokens()
    {
        var failures = Failures(new AuthOptions { Mode = AuthMode.Token, Tokens = " , " });

        Assert.That(failures, Has.One.Contains("Auth:Tokens"));
    }

    [Test]
    public void Validate_ModeNoneChosen_Succeeds()
    {
        Assert.That(CreateSut().Validate(null, new AuthOptions { Mode = AuthMode.None }).Succeeded, Is.True);
    }

    [Test]
    public void Validate_SignatureModeAllWrong_CollectsEveryKey()
    {
        var options = new AuthOptions
        {
            Mode = AuthMode.Signature,
            SignedUrl = "/api/unzip",
            CertificateHostPattern = "https://*.example.com",
            MaxTimestampSkewSeconds = 0,
            CertificateCacheMinutes = 0,
        };

        var failures = string.Join("\n", Failures(options));

        Assert.That(failures, Does.Contain("Auth:SignedUrl")
            .And.Contain("Auth:CertificateHostPattern")
            .And.Contain("Auth:MaxTimestampSkewSeconds")
            .And.Contain("Auth:CertificateCacheMinutes"));
    }

    [Test]
    public void Validate_SignatureModeDefaults_Succeeds()
    {
        var options = new AuthOptions { Mode = AuthMode.Signature, SignedUrl = "https://ossunzip.example.com/api/unzip" };

        Assert.That(CreateSut().Validate(null, options).Succeeded, Is.True);
    }

    [Test]
    public void TokenList_CommaSeparated_TrimsAndDropsEmpties()
    {
        Assert.That(new AuthOptions { Tokens = " a ,b,, c" }.TokenList, Is.EqualTo((string[])["a", "b", "c"]));
    }
}
