using System.Text.RegularExpressions;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>No deployment file carries a credential: placeholders only.</summary>
[TestFixture]
public sealed partial class SecretHygieneTests
{
    private static readonly string[] s_scannedDirectories = ["k8s", "eventbridge", "ram", "docs"];
    private static readonly string[] s_scannedFiles = ["Dockerfile", ".dockerignore"];

    [Test]
    public void DeploymentFiles_ContainNoAlibabaAccessKeyId()
    {
        foreach (var file in ScannedFiles())
        {
            var match = AccessKeyIdPattern().Match(RepositoryRoot.ReadAllText(file));
            Assert.That(match.Success, Is.False, $"{file} holds what looks like an AccessKey id");
        }
    }

    [Test]
    public void DeploymentFiles_ContainNoRandomLookingString()
    {
        foreach (var file in ScannedFiles())
        {
            var suspects = TokenPattern().Matches(RepositoryRoot.ReadAllText(file))
                .Select(m => m.Value)
                .Where(LooksRandom)
                .ToList();
            Assert.That(suspects, Is.Empty, $"{file} holds what looks like a key or token");
        }
    }

    [Test]
    public void ExampleSecret_Values_ArePlaceholders()
    {
        var secret = ManifestSet.All.OfKind("Secret").Single();
        var values = secret.Root.StringMap("stringData");

        Assert.Multiple(() =>
        {
            Assert.That(secret.Root.Node("data"), Is.Null, "base64 data would hide what the value is");
            Assert.That(values, Is.Not.Empty);
            foreach (var (key, value) in values)
            {
                Assert.That(value, Does.Match(PlaceholderPattern().ToString()), key);
            }
        });
    }

    [Test]
    public void LooksRandom_RealLookingKeys_AreCaught()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LooksRandom("q8Xz3Lr0VbN2mW9sKd7Tf4Ye1Ha6Pu5G"), Is.True);
            Assert.That(LooksRandom("REPLACE_WITH_EVENTBRIDGE_TOKEN"), Is.False);
            Assert.That(LooksRandom("AzureFunctionsJobHost"), Is.False);
            Assert.That(AccessKeyIdPattern().IsMatch("LTAI5tQ9xYz1AbCdEfGh2345"), Is.True);
        });
    }

    /// <summary>24+ characters mixing upper case, lower case and digits: how generated keys look.</summary>
    private static bool LooksRandom(string token) =>
        token.Length >= 24
        && token.Any(char.IsAsciiLetterUpper)
        && token.Any(char.IsAsciiLetterLower)
        && token.Count(char.IsAsciiDigit) >= 3;

    private static IEnumerable<string> ScannedFiles() =>
        s_scannedDirectories
            .SelectMany(d => Directory.EnumerateFiles(RepositoryRoot.Combine(d), "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))
            .Concat(s_scannedFiles)
            .Order(StringComparer.Ordinal);

    [GeneratedRegex("LTAI[0-9A-Za-z]{12,}")]
    private static partial Regex AccessKeyIdPattern();

    [GeneratedRegex("[A-Za-z0-9+/]{24,}")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^REPLACE_WITH_[A-Z_]+$")]
    private static partial Regex PlaceholderPattern();
}
