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

    private static UnzipRule Rule(string name, string bucket, string input = "zip/", string output = UnzipRule.DefaultOutputPrefix, string? outputBucket = null) =>
        new() { Name = name, Bucket = bucket, InputPrefix = input, OutputPrefix = output, OutputBucket = outputBucket };

    private static UnzipOptions WithRules(params UnzipRule[] rules)
    {
        var options = new UnzipOptions();
        options.Rules.AddRange(rules);
        return options;
    }

    [TestCase("shift_jis")]
    [TestCase("auto")]
    [TestCase("cp866")]
    public void Validate_RuleNameEncodingKnown_Succeeds(string encoding)
    {
        var rule = Rule("jp", "b1");
        rule.NameEncoding = encoding;

        var result = CreateSut().Validate(null, WithRules(rule));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [TestCase("klingon")]
    [TestCase("utf-16")]
    [TestCase("")]
    public void Validate_RuleNameEncodingUnknown_FailsNamingTheRuleKey(string encoding)
    {
        var rule = Rule("jp", "b1");
        rule.NameEncoding = encoding;

        var result = CreateSut().Validate(null, WithRules(rule));

        Assert.That(result.FailureMessage, Does.Contain("Unzip:Rules:0:NameEncoding").And.Contain($"(was '{encoding}')"));
    }

    [Test]
    public void Validate_DisjointRulesAcrossBuckets_Succeeds()
    {
        var result = CreateSut().Validate(null, WithRules(Rule("a", "b1"), Rule("b", "b1", input: "in/", output: "out/{key}/", outputBucket: "b2")));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_RulesOverlapOnOneBucket_FailsNamingBothRules()
    {
        var result = CreateSut().Validate(null, WithRules(Rule("wide", "b1", input: "zip/"), Rule("narrow", "b1", input: "zip/2026/", output: "other/{name}/")));

        Assert.That(result.FailureMessage, Does.Contain("rule 'wide' (Unzip:Rules:0)").And.Contain("rule 'narrow' (Unzip:Rules:1)").And.Contain("overlap"));
    }

    [Test]
    public void Validate_OutputTakenByAnotherBucketsRule_FailsNamingTheRuleAndKey()
    {
        var result = CreateSut().Validate(null, WithRules(Rule("in", "b1", outputBucket: "b2"), Rule("again", "b2", input: "unzip/done/", output: "final/{name}/")));

        Assert.That(result.FailureMessage, Does.Contain("Unzip:Rules:0:OutputPrefix").And.Contain("rule 'in'").And.Contain("rule 'again'").And.Contain("trigger the service again"));
    }

    [Test]
    public void Validate_TemplateStartingWithAPlaceholderInAnInputBucket_FailsAsALoop()
    {
        var result = CreateSut().Validate(null, WithRules(Rule("r", "b1", output: "{dir}{name}-out/")));

        Assert.That(result.FailureMessage, Does.Contain("Unzip:Rules:0:OutputPrefix").And.Contain("trigger the service again"));
    }

    [TestCase("unzip/{dir}", "must contain {name} or {key}")]
    [TestCase("unzip/{name}", "must end with '/'")]
    [TestCase("unzip/{base}/{name}/", "placeholder other than")]
    public void Validate_BadTemplate_FailsNamingTheKey(string template, string problem)
    {
        var result = CreateSut().Validate(null, WithRules(Rule("r", "b1", output: template)));

        Assert.That(result.FailureMessage, Does.Contain("Unzip:Rules:0:OutputPrefix").And.Contain(problem));
    }

    [Test]
    public void Validate_UnknownValuesDuplicateNamesAndFlatBuckets_CollectsThemAll()
    {
        var bad = Rule("r", "b1");
        bad.FolderMode = "flatten";
        bad.Overwrite = "never";
        bad.SourceDisposition = "archive";
        var options = WithRules(bad, Rule("r", "b2"));
        options.AllowedBuckets = "b1";

        var result = CreateSut().Validate(null, options);

        Assert.That(result.FailureMessage, Does.Contain("Unzip:AllowedBuckets must be empty")
            .And.Contain("Unzip:Rules:0:FolderMode ('flatten')")
            .And.Contain("Unzip:Rules:0:Overwrite ('never')")
            .And.Contain("Unzip:Rules:0:SourceDisposition ('archive')")
            .And.Contain("the name 'r' is used by more than one rule"));
    }
}

