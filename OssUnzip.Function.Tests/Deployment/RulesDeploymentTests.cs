using Microsoft.Extensions.Configuration;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Routing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// eventbridge/event-pattern.json and ram/ossunzip-ram-policy.json checked against the rules the
/// deployed settings (the ConfigMap, bound and validated as the app does) produce: every rule's input is
/// delivered, no rule's output is, and the policy grants each rule exactly what it uses. Change the
/// rules and these fail until both files follow.
/// </summary>
[TestFixture]
public sealed class RulesDeploymentTests
{
    [Test]
    public void EventPattern_EveryRulesArchives_Match()
    {
        foreach (var rule in DeployedRules())
        {
            foreach (var suffix in ArchiveSuffixes.All)
            {
                var key = rule.InputPrefix + "a/x" + suffix;
                Assert.That(EventPatternTests.Matches(EventPatternTests.OssEvent(rule.Bucket, key)), Is.True, $"rule '{rule.Name}': {rule.Bucket}/{key} is not delivered");
            }
        }
    }

    [Test]
    public void EventPattern_EveryRulesOutput_DoesNotMatch()
    {
        foreach (var rule in DeployedRules())
        {
            var key = UnzipOptionsValidator.FixedStart(rule.OutputPrefix) + "x/inner.zip";
            Assert.That(EventPatternTests.Matches(EventPatternTests.OssEvent(rule.EffectiveOutputBucket, key)), Is.False, $"rule '{rule.Name}': its output {rule.EffectiveOutputBucket}/{key} would be delivered");
        }
    }

    [Test]
    public void RamPolicy_EveryRule_GrantedWhatItUses()
    {
        foreach (var rule in DeployedRules())
        {
            var outputs = $"acs:oss:*:*:{rule.EffectiveOutputBucket}/{UnzipOptionsValidator.FixedStart(rule.OutputPrefix)}*";
            var inputs = $"acs:oss:*:*:{rule.Bucket}/{rule.InputPrefix}*";
            using (Assert.EnterMultipleScope())
            {
                Assert.That(RamPolicyTests.ResourcesFor("oss:GetObject"), Does.Contain(inputs), $"rule '{rule.Name}' reads its archives");
                Assert.That(RamPolicyTests.ResourcesFor("oss:PutObject"), Does.Contain(outputs), $"rule '{rule.Name}' writes its outputs");
                Assert.That(RamPolicyTests.ResourcesFor("oss:AbortMultipartUpload"), Does.Contain(outputs), $"rule '{rule.Name}' aborts its failed uploads");
                Assert.That(RamPolicyTests.ResourcesFor("oss:GetObject"), rule.OverwritePolicy == OverwritePolicy.Overwrite ? Does.Contain(outputs[..^1] + "*/.ossunzip/*") : Does.Contain(outputs), $"rule '{rule.Name}' reads its records (and its targets unless it overwrites)");
                Assert.That(RamPolicyTests.ResourcesFor("oss:DeleteObject").Contains(inputs), Is.EqualTo(rule.Disposition == SourceDisposition.Delete), $"rule '{rule.Name}' deletes its archives only with SourceDisposition delete");
                Assert.That(RamPolicyTests.ResourcesFor("oss:PutObjectTagging").Contains(inputs), Is.EqualTo(rule.Disposition == SourceDisposition.Tag), $"rule '{rule.Name}' tags its archives only with SourceDisposition tag");
            }
        }
    }

    /// <summary>The ConfigMap's Unzip settings (environment form) bound and validated as the app binds them.</summary>
    private static IReadOnlyList<UnzipRule> DeployedRules()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(AppSettings.ConfigMap.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)))
            .Build();
        var options = configuration.GetSection(UnzipOptions.SectionName).Get<UnzipOptions>() ?? new UnzipOptions();
        var validation = new UnzipOptionsValidator().Validate(null, options);
        Assert.That(validation.Succeeded, Is.True, validation.FailureMessage);
        return options.EffectiveRules;
    }
}
