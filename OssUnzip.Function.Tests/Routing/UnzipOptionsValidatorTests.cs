using OssUnzip.Function.Routing;

namespace OssUnzip.Function.Tests.Routing;

public sealed class UnzipOptionsValidatorTests
{
    private static UnzipOptionsValidator CreateSut() => new();

    private static UnzipOptions Options(string buckets = "eb-ask", string input = "zip/", string output = "unzip/") =>
        new() { AllowedBuckets = buckets, InputPrefix = input, OutputPrefix = output };

    [Test]
    public void Validate_DefaultsWithABucket_Succeeds()
    {
        var result = CreateSut().Validate(null, new UnzipOptions { AllowedBuckets = "eb-ask" });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_SiblingPrefixesSharingLetters_Succeeds()
    {
        var result = CreateSut().Validate(null, Options(input: "zip/", output: "zipped/"));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [TestCase("zip/", "zip/out/")]
    [TestCase("unzip/in/", "unzip/")]
    [TestCase("zip/", "zip/")]
    public void Validate_PrefixesOverlap_FailsNamingBothSettings(string input, string output)
    {
        var result = CreateSut().Validate(null, Options(input: input, output: output));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain("Unzip:OutputPrefix").And.Contain("Unzip:InputPrefix").And.Contain("overlaps"));
        }
    }

    [TestCase("")]
    [TestCase(" , ,")]
    public void Validate_NoAllowedBucket_FailsNamingTheSetting(string buckets)
    {
        var result = CreateSut().Validate(null, Options(buckets: buckets));

        Assert.That(result.FailureMessage, Does.Contain("Unzip:AllowedBuckets"));
    }

    [TestCase("zip")]
    [TestCase("/zip/")]
    [TestCase("")]
    public void Validate_BadInputPrefix_FailsNamingTheSetting(string prefix)
    {
        var result = CreateSut().Validate(null, Options(input: prefix));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.One.Contains("Unzip:InputPrefix"));
        }
    }

    [TestCase("unzip")]
    [TestCase("/unzip/")]
    [TestCase("")]
    public void Validate_BadOutputPrefix_FailsNamingTheSetting(string prefix)
    {
        var result = CreateSut().Validate(null, Options(output: prefix));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.One.Contains("Unzip:OutputPrefix"));
        }
    }

    [Test]
    public void Validate_SeveralProblems_CollectsThemAll()
    {
        var result = CreateSut().Validate(null, Options(buckets: "", input: "zip", output: "unzip"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failures, Has.Exactly(3).Items);
            Assert.That(result.FailureMessage, Does.Contain("Unzip:AllowedBuckets").And.Contain("Unzip:InputPrefix").And.Contain("Unzip:OutputPrefix"));
        }
    }
}
