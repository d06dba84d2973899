using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Storage;

public sealed class StorageOptionsValidatorTests
{
    private static StorageOptionsValidator CreateSut() => new();

    private static StorageOptions Valid() => new()
    {
        ServiceUrl = "https://s3.oss-cn-hangzhou-internal.aliyuncs.com",
        Region = "oss-cn-hangzhou",
    };

    [Test]
    public void Validate_EndpointAndRegion_Succeeds()
    {
        var result = CreateSut().Validate(null, Valid());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_BothCredentialsSet_Succeeds()
    {
        var options = Valid();
        options.AccessKeyId = "id";
        options.SecretAccessKey = "secret";

        var result = CreateSut().Validate(null, options);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [TestCase("")]
    [TestCase("s3.oss-cn-hangzhou.aliyuncs.com")]
    [TestCase("ftp://s3.oss-cn-hangzhou.aliyuncs.com")]
    [TestCase("/relative")]
    public void Validate_BadServiceUrl_FailsNamingTheSetting(string url)
    {
        var options = Valid();
        options.ServiceUrl = url;

        var result = CreateSut().Validate(null, options);

        Assert.That(result.Failures, Has.One.Contains("Storage:ServiceUrl"));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Validate_MissingRegion_FailsNamingTheSetting(string region)
    {
        var options = Valid();
        options.Region = region;

        var result = CreateSut().Validate(null, options);

        Assert.That(result.Failures, Has.One.Contains("Storage:Region"));
    }

    [TestCase("id", null)]
    [TestCase(null, "secret")]
    public void Validate_OnlyOneCredentialSet_FailsNamingBoth(string? id, string? secret)
    {
        var options = Valid();
        options.AccessKeyId = id;
        options.SecretAccessKey = secret;

        var result = CreateSut().Validate(null, options);

        Assert.That(result.FailureMessage, Does.Contain("Storage:AccessKeyId").And.Contain("Storage:SecretAccessKey"));
    }

    [Test]
    public void Validate_OnlyOneCredentialSet_DoesNotEchoTheSecret()
    {
        var options = Valid();
        options.SecretAccessKey = "very-secret-value";

        var result = CreateSut().Validate(null, options);

        Assert.That(result.FailureMessage, Does.Not.Contain("very-secret-value"));
    }

    [Test]
    public void Validate_EverythingWrong_CollectsEveryProblem()
    {
        var options = new StorageOptions
        {
            ServiceUrl = "nope",
            Region = "",
            AccessKeyId = "id",
            RequestTimeoutSeconds = 0,
            MaxErrorRetry = -1,
            MaxConnections = 0,
        };

        var result = CreateSut().Validate(null, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failures, Has.Exactly(6).Items);
            Assert.That(
                result.FailureMessage,
                Does.Contain("Storage:ServiceUrl").And.Contain("Storage:Region").And.Contain("Storage:AccessKeyId")
                    .And.Contain("Storage:RequestTimeoutSeconds").And.Contain("Storage:MaxErrorRetry").And.Contain("Storage:MaxConnections"));
        }
    }
}
