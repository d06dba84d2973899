using OssUnzip.Local.Cli;

namespace OssUnzip.Local.Tests.Cli;

public class LocalOptionsParserTests
{
    [Test]
    public void TryParse_NoArguments_UsesIssueDefaults()
    {
        var ok = LocalOptionsParser.TryParse([], out var options, out _);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(options!.S3Port, Is.EqualTo(4568));
            Assert.That(options.Port, Is.EqualTo(7071));
            Assert.That(options.Bucket, Is.EqualTo("eb-ask"));
            Assert.That(options.Token, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(options.NoAuth, Is.False);
            Assert.That(options.DataDirectory, Does.EndWith(Path.Combine(".local", "data")));
        });
    }

    [Test]
    public void TryParse_AllOptions_AreApplied()
    {
        var ok = LocalOptionsParser.TryParse(
            ["--data-dir", "/tmp/x", "--s3-port", "0", "--port", "8080", "--bucket", "my-bucket", "--token", "abc", "--no-auth"],
            out var options,
            out _);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(options!.DataDirectory, Is.EqualTo("/tmp/x"));
            Assert.That(options.S3Port, Is.EqualTo(0));
            Assert.That(options.Port, Is.EqualTo(8080));
            Assert.That(options.Bucket, Is.EqualTo("my-bucket"));
            Assert.That(options.Token, Is.EqualTo("abc"));
            Assert.That(options.NoAuth, Is.True);
        });
    }

    [Test]
    public void TryParse_SeveralBadValues_ReportsEveryOne()
    {
        var ok = LocalOptionsParser.TryParse(["--port", "70000", "--bucket", "Bad_Bucket", "--token", "a b", "--what", "x"], out var options, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(options, Is.Null);
            Assert.That(error, Does.Contain("--port must be 0..65535")
                .And.Contain("--bucket must be")
                .And.Contain("--token must be")
                .And.Contain("unknown option --what"));
        });
    }

    [Test]
    public void TryParse_MissingValue_Fails()
    {
        var ok = LocalOptionsParser.TryParse(["--port"], out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain("--port needs a value"));
        });
    }

    [Test]
    public void TryParse_NoDeliveryOptions_WaitsThreeSecondsAndStartsS3rver()
    {
        var ok = LocalOptionsParser.TryParse([], out var options, out _);

        Assert.That(ok, Is.True);
        Assert.That(options!.DeliveryTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)), "the open-source EventBridge's 3000 ms (docs/facts.md §3)");
        Assert.That(options.S3Endpoint, Is.Null);
    }

    [Test]
    public void TryParse_DeliveryTimeoutAndS3Endpoint_AreApplied()
    {
        var ok = LocalOptionsParser.TryParse(["--delivery-timeout", "5", "--s3-endpoint", "http://127.0.0.1:4568"], out var options, out _);

        Assert.That(ok, Is.True);
        Assert.That(options!.DeliveryTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(options.S3Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:4568")));
    }

    [TestCase("--delivery-timeout", "0")]
    [TestCase("--delivery-timeout", "soon")]
    [TestCase("--s3-endpoint", "ftp://x")]
    [TestCase("--s3-endpoint", "not a url")]
    public void TryParse_BadDeliveryOption_FailsNamingIt(string name, string value)
    {
        var ok = LocalOptionsParser.TryParse([name, value], out _, out var error);

        Assert.That(ok, Is.False);
        Assert.That(error, Does.Contain(name));
    }
}
