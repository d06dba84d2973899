using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Archive;

public sealed class ConnectionLimitValidatorTests
{
    private static ConnectionLimitValidator CreateSut(int maxConnections) =>
        new(Options.Create(new StorageOptions { ServiceUrl = "https://s3.oss-cn-hangzhou.aliyuncs.com", Region = "oss-cn-hangzhou", MaxConnections = maxConnections }));

    [Test]
    public void Validate_Defaults_Succeeds()
    {
        var result = CreateSut(new StorageOptions().MaxConnections).Validate(null, new ArchiveOptions());

        Assert.That(result.Succeeded, Is.True);
    }

    [Test]
    public void Validate_ControllerOffAndUploadsAboveTheConnections_FailsOnUploadConcurrency()
    {
        var options = new ArchiveOptions { UploadConcurrency = 80, MaxUploadConcurrency = 0, ReadConcurrency = 4 };

        var result = CreateSut(64).Validate(null, options);

        Assert.That(result.FailureMessage, Does.Contain("84"));
    }

    [Test]
    public void Validate_FewerConnectionsThanUploadsAndReaders_FailsNamingAllThreeSettings()
    {
        var options = new ArchiveOptions { MaxUploadConcurrency = 64, ReadConcurrency = 4 };

        var result = CreateSut(64).Validate(null, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Storage:MaxConnections").And.Contain("Archive:MaxUploadConcurrency").And.Contain("Archive:ReadConcurrency").And.Contain("68"));
        }
    }
}
