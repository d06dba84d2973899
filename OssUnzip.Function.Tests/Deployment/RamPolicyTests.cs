using System.Text.Json;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// ram/ossunzip-ram-policy.json grants read on the input prefix, write (incl. multipart) on the
/// output prefix, read of the per-archive records (manifest, rejection), and nothing else.
/// </summary>
[TestFixture]
public sealed class RamPolicyTests
{
    /// <summary>The service's records folder under each output folder (manifest, rejection record).</summary>
    private const string RecordsPattern = ".ossunzip/*";

    private static readonly string[] s_allowedActions = ["oss:GetObject", "oss:PutObject", "oss:AbortMultipartUpload"];

    [Test]
    public void Policy_Statements_OnlyAllowTheNeededOssActions()
    {
        var statements = Statements();

        Assert.That(statements, Is.Not.Empty);
        foreach (var statement in statements)
        {
            Assert.Multiple(() =>
            {
                Assert.That(statement.Effect, Is.EqualTo("Allow"));
                Assert.That(statement.Actions, Is.SubsetOf(s_allowedActions));
                Assert.That(statement.Resources, Has.None.EqualTo("*"));
                Assert.That(statement.Resources, Is.All.StartWith($"acs:oss:*:*:{Bucket}/"), "only the configured bucket");
            });
        }
    }

    [Test]
    public void Policy_Reads_OnlyTheInputPrefixAndTheManifests()
    {
        var readable = ResourcesFor("oss:GetObject");

        Assert.That(readable, Is.EquivalentTo(new[]
        {
            Object(AppSettings.InputPrefix + "*"),
            Object(AppSettings.OutputPrefix + "*/" + RecordsPattern),
        }));
    }

    [Test]
    public void Policy_Writes_OnlyTheOutputPrefix()
    {
        var expected = new[] { Object(AppSettings.OutputPrefix + "*") };

        Assert.Multiple(() =>
        {
            Assert.That(ResourcesFor("oss:PutObject"), Is.EquivalentTo(expected));
            Assert.That(ResourcesFor("oss:AbortMultipartUpload"), Is.EquivalentTo(expected));
        });
    }

    [Test]
    public void Policy_Version_IsRamPolicyVersion1()
    {
        using var document = JsonDocument.Parse(RepositoryRoot.ReadAllText("ram", "ossunzip-ram-policy.json"));

        Assert.That(document.RootElement.GetProperty("Version").GetString(), Is.EqualTo("1"));
    }

    private static string Bucket => AppSettings.AllowedBuckets.Single();

    private static string Object(string keyPattern) => $"acs:oss:*:*:{Bucket}/{keyPattern}";

    internal static List<string> ResourcesFor(string action) =>
        [.. Statements().Where(s => s.Actions.Contains(action)).SelectMany(s => s.Resources)];

    private static List<Statement> Statements()
    {
        using var document = JsonDocument.Parse(RepositoryRoot.ReadAllText("ram", "ossunzip-ram-policy.json"));
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray().Select(s => new Statement(
            s.GetProperty("Effect").GetString()!,
            [.. s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!)],
            [.. s.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!)]))];
    }

    private sealed record Statement(string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources);
}
