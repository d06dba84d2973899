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

    /// <summary>
    /// Alibaba's suffix operator is case-sensitive and has no case-insensitive form (docs/facts.md §4), so
    /// the pattern lists every letter case of the archive suffixes' tails (decision 0021). Every accepted
    /// suffix in every letter case must be delivered: this fails when ArchiveSuffixes and the pattern drift.
    /// </summary>
    [Test]
    public void Pattern_EveryArchiveSuffixInEveryLetterCase_Matches()
    {
        var missed = OssUnzip.Function.Routing.ArchiveSuffixes.All
            .SelectMany(LetterCases)
            .Where(suffix => !Matches(OssEvent(AppSettings.AllowedBuckets[0], AppSettings.InputPrefix + "a/x" + suffix)))
            .ToList();

        Assert.That(missed, Is.Empty, "suffixes the function accepts but EventBridge would never deliver");
    }

    [TestCase("zip/a.txt")]
    [TestCase("zip/a.docx")]
    [TestCase("zip/a.tar.gz.part")]
    public void Pattern_NonArchiveUnderInputPrefix_DoesNotMatch(string key)
    {
        Assert.That(Matches(OssEvent(AppSettings.AllowedBuckets[0], key)), Is.False);
    }

    private static IEnumerable<string> LetterCases(string suffix)
    {
        var letters = suffix.Select((c, i) => (c, i)).Where(x => char.IsAsciiLetter(x.c)).Select(x => x.i).ToArray();
        for (var mask = 0; mask < 1 << letters.Length; mask++)
        {
            var chars = suffix.ToCharArray();
            for (var bit = 0; bit < letters.Length; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    chars[letters[bit]] = char.ToUpperInvariant(chars[letters[bit]]);
                }
            }

            yield return new string(chars);
        }
    }

    [TestCase("unzip/a.zip")]
    [TestCase("unzip/a.tar.gz")]
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
    public void Pattern_CommittedSampleEvent_Matches()
    {
        var sample = JsonNode.Parse(RepositoryRoot.ReadAllText("eventbridge", "sample-event.json"))!.AsObject();

        Assert.That(Matches(sample), Is.True, "the README's sample is an event EventBridge would deliver");
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
