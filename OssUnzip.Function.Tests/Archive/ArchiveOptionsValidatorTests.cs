using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Tests.Archive;

public sealed class ArchiveOptionsValidatorTests
{
    private static ArchiveOptionsValidator CreateSut() => new();

    [Test]
    public void Validate_Defaults_Succeed()
    {
        var result = CreateSut().Validate(null, new ArchiveOptions());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_EverySettingOutOfRange_CollectsAllIntoOneResult()
    {
        var options = new ArchiveOptions
        {
            MaxEntries = 0,
            MaxTotalUncompressedBytes = 0,
            MaxCompressionRatio = 0,
            ReadConcurrency = 0,
            UploadConcurrency = 513,
            MaxUploadConcurrency = 600,
            PartSizeBytes = 50,
            MaxBufferedBytes = 99,
            BatchBytes = 0,
            BatchEntries = 0,
            ReadAheadBytes = 1024,
        };

        var result = CreateSut().Validate(null, options);

        var keys = new[]
        {
            "Archive:MaxEntries", "Archive:MaxTotalUncompressedBytes", "Archive:MaxCompressionRatio", "Archive:ReadConcurrency",
            "Archive:UploadConcurrency", "Archive:MaxUploadConcurrency", "Archive:PartSizeBytes", "Archive:MaxBufferedBytes", "Archive:BatchBytes",
            "Archive:BatchEntries", "Archive:ReadAheadBytes",
        };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Exactly(keys.Length).Items);
            foreach (var key in keys)
            {
                Assert.That(result.Failures, Has.One.StartWith(key + " "), key);
            }
        }
    }

    [Test]
    public void Validate_BufferSmallerThanTwoParts_FailsNamingBothSettings()
    {
        var options = new ArchiveOptions { PartSizeBytes = 8 << 20, MaxBufferedBytes = (16L << 20) - 1 };

        var result = CreateSut().Validate(null, options);

        Assert.That(result.Failures, Has.One.Matches<string>(f => f.StartsWith("Archive:MaxBufferedBytes", StringComparison.Ordinal) && f.Contains("Archive:PartSizeBytes", StringComparison.Ordinal)));
    }

    [Test]
    public void Validate_PartSizeBelowOssMinimum_FailsWithTheValue()
    {
        var options = new ArchiveOptions { PartSizeBytes = 102_399 };

        var result = CreateSut().Validate(null, options);

        Assert.That(result.Failures, Has.One.Matches<string>(f => f.StartsWith("Archive:PartSizeBytes", StringComparison.Ordinal) && f.Contains("102399", StringComparison.Ordinal)));
    }

    [TestCase("shift_jis")]
    [TestCase("932")]
    [TestCase("cp949")]
    [TestCase("big5")]
    [TestCase("cp866")]
    [TestCase("windows-1251")]
    [TestCase("cp850")]
    [TestCase("auto")]
    public void Validate_NameEncodingAnyKnownCodePage_Succeeds(string value)
    {
        var result = CreateSut().Validate(null, new ArchiveOptions { NameEncoding = value });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [TestCase("klingon")]
    [TestCase("utf-16")]
    [TestCase("")]
    public void Validate_NameEncodingUnknownOrNotAsciiCompatible_FailsNamingTheKeyAndValue(string value)
    {
        var result = CreateSut().Validate(null, new ArchiveOptions { NameEncoding = value });

        Assert.That(result.FailureMessage, Does.Contain("Archive:NameEncoding").And.Contain($"'{value}'"));
    }
}
