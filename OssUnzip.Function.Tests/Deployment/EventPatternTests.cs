using System.Text.Json;
using System.Text.Json.Nodes;
using OssUnzip.Local.EventBridge.Patterns;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// eventbridge/event-pattern.json is the rule EventBridge evaluates and the one the local
/// stack loads: it must pick archives under the input prefix and never the service's output.
/// </summary>
[TestFixture]
public sealed class EventPatternTests
{
    private const string PatternPath = "eventbridge/event-pattern.json";
    private static readonly string[] s_skippedDirectories = ["bin", "obj", "node_modules", ".git", "TestResults"];

    [TestCase("oss:ObjectCreated:PutObject")]
    [TestCase("oss:ObjectCreated:CompleteMultipartUpload")]
    [TestCase("oss:ObjectCreated:CopyObject")]
    public void Pattern_ZipUnderInputPrefix_Matches(string type)
    {
        Assert.That(Matches(OssEvent(AppSettings.AllowedBuckets[0], AppSettings.InputPrefix + "a.zip", type)), Is.True);
    }

    [TestCase("unzip/a.zip")]
    [TestCase("unzip/a/b.zip")]
    public void Pattern_ZipUnderOutputPrefix_DoesNotMatch(string key)
    {
        Assert.That(Matches(OssEvent(AppSettings.AllowedBuckets[0], key)), Is.False);
    }

    [Test]
    public void Pattern_ServiceOutput_DoesNotMatch()
    {
        var outputKey = AppSettings.OutputPrefix + "a/inner.zip";

        Assert.That(Matches(OssEvent(AppSettings.AllowedBuckets[0], outputKey)), Is.False);
    }

    [TestCase("eb-ask", "zip/a.txt", "oss:ObjectCreated:PutObject")]
    [TestCase("another-bucket", "zip/a.zip", "oss:ObjectCreated:PutObject")]
    [TestCase("eb-ask", "zip/a.zip", "oss:ObjectRemoved:DeleteObject")]
    public void Pattern_OtherObjectsBucketsOrTypes_DoNotMatch(string bucket, string key, string type)
    {
        Assert.That(Matches(OssEvent(bucket, key, type)), Is.False);
    }

    [Test]
    public void Pattern_KeyPrefixAndBucket_AreTheConfiguredOnes()
    {
        var pattern = JsonNode.Parse(RepositoryRoot.ReadAllText(PatternPath))!;
        var keyRules = pattern["data"]!["oss"]!["object"]!["key"]!.AsArray();
        var buckets = pattern["data"]!["oss"]!["bucket"]!["name"]!.AsArray().Select(b => b!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(keyRules.Select(r => r!["prefix"]?.GetValue<string>()), Is.EqualTo(new[] { AppSettings.InputPrefix }));
            Assert.That(buckets, Is.EquivalentTo(AppSettings.AllowedBuckets));
            Assert.That(AppSettings.OutputPrefix, Does.Not.StartWith(AppSettings.InputPrefix), "results would trigger the rule again");
            Assert.That(AppSettings.InputPrefix, Does.Not.StartWith(AppSettings.OutputPrefix));
        });
    }

    [Test]
    public void Repository_HoldsOnePatternFile_TheOneTheDocsPointAt()
    {
        var patterns = JsonFiles().Where(IsEventPattern).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(patterns, Is.EqualTo(new[] { PatternPath }), "one pattern, shared by EventBridge and the local stack");
            Assert.That(RepositoryRoot.ReadAllText("docs", "deploy.md"), Does.Contain(PatternPath));
            Assert.That(RepositoryRoot.ReadAllText("eventbridge", "README.md"), Does.Contain(PatternPath));
        });
    }

    [Test]
    public void HttpTarget_Definition_RetriesForADayIntoADeadLetterQueueWithTheToken()
    {
        using var document = JsonDocument.Parse(RepositoryRoot.ReadAllText("eventbridge", "http-target.json"));
        var target = document.RootElement.EnumerateArray().Single();
        var parameters = target.GetProperty("ParamList").EnumerateArray()
            .ToDictionary(p => p.GetProperty("ResourceKey").GetString()!, p => p, StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(target.GetProperty("Type").GetString(), Is.EqualTo("http"));
            Assert.That(target.GetProperty("PushRetryStrategy").GetString(), Is.EqualTo("EXPONENTIAL_DECAY_RETRY"));
            Assert.That(target.GetProperty("DeadLetterQueue").GetProperty("Arn").GetString(), Is.Not.Empty);
            Assert.That(parameters["url"].GetProperty("Value").GetString(), Is.EqualTo(target.GetProperty("Endpoint").GetString()));
            Assert.That(parameters["Body"].GetProperty("Form").GetString(), Is.EqualTo("ORIGINAL"));
            Assert.That(parameters["token"].GetProperty("Value").GetString(), Is.EqualTo("${OSSUNZIP_TOKEN}"), "a placeholder, never a token");
        });
    }

    /// <summary>The committed pattern through the local stack's EventBridge matcher (docs/facts.md §4), the one the local stack runs.</summary>
    internal static bool Matches(JsonObject @event)
    {
        var pattern = EventPattern.Load(RepositoryRoot.Combine(PatternPath));
        using var document = JsonDocument.Parse(@event.ToJsonString());
        return pattern.Matches(document.RootElement);
    }

    /// <summary>An OSS object-created event as EventBridge delivers it (docs/facts.md §2).</summary>
    internal static JsonObject OssEvent(string bucket, string key, string type = "oss:ObjectCreated:PutObject") => new()
    {
        ["specversion"] = "1.0",
        ["id"] = "0F6B1E2D-0000-4000-8000-000000000001",
        ["source"] = "acs.oss",
        ["type"] = type,
        ["subject"] = $"acs:oss:cn-hangzhou:1234567890123456:{bucket}/{key}",
        ["data"] = new JsonObject
        {
            ["eventName"] = type["oss:".Length..],
            ["oss"] = new JsonObject
            {
                ["bucket"] = new JsonObject { ["name"] = bucket },
                ["object"] = new JsonObject { ["key"] = key, ["size"] = 1024 },
            },
        },
    };

    private static bool IsEventPattern(string relativePath)
    {
        try
        {
            return JsonNode.Parse(RepositoryRoot.ReadAllText(relativePath)) is JsonObject root
                && root["source"] is JsonArray
                && root["data"] is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IEnumerable<string> JsonFiles() =>
        Directory.EnumerateFiles(RepositoryRoot.Path, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(segment => s_skippedDirectories.Contains(segment) || IsTestProject(segment)));

    /// <summary>Test projects may hold pattern fixtures of their own; the product has one pattern.</summary>
    private static bool IsTestProject(string directory) => directory.EndsWith(".Tests", StringComparison.Ordinal);
}
