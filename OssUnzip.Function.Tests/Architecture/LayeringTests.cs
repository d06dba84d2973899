using System.Text.RegularExpressions;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Architecture;

/// <summary>
/// Keeps OssUnzip.Function's folders in one direction (storage and diagnostics at the bottom, hosting on
/// top; <see cref="FolderLayers"/>) and its namespaces following its folders, by reading the sources.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string SourceRoot = RepositoryRoot.Combine("OssUnzip.Function");

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(SourceRoot, f).Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"));

    private static string TopFolder(string file) => Path.GetRelativePath(SourceRoot, file).Split(Path.DirectorySeparatorChar)[0];

    [Test]
    public void SourceFiles_EveryTopFolder_HasALayer()
    {
        var folders = SourceFiles().Select(f => Path.GetRelativePath(SourceRoot, f)).Select(r => r.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? r.Split(Path.DirectorySeparatorChar)[0] : "(project root)").Distinct();

        Assert.That(folders.Where(f => !FolderLayers.Layers.ContainsKey(f)), Is.Empty, "every file lives in a folder with a place in FolderLayers");
    }

    [Test]
    public void SourceFiles_References_PointOnlyToLowerLayers()
    {
        var violations = SourceFiles()
            .Where(f => FolderLayers.Layers.ContainsKey(TopFolder(f)))
            .SelectMany(f => FolderLayers.FindViolations(TopFolder(f), Path.GetRelativePath(SourceRoot, f), File.ReadAllText(f)))
            .ToList();

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void SourceFiles_Namespaces_FollowFolders()
    {
        var wrong = new List<string>();
        foreach (var file in SourceFiles())
        {
            var relative = Path.GetRelativePath(SourceRoot, file);
            var folder = Path.GetDirectoryName(relative)!;
            var match = FileScopedNamespace().Match(File.ReadAllText(file));
            if (folder.Length == 0 || (folder == "Hosting" && !match.Success))
            {
                continue; // top-level statements (Program.cs) declare no namespace
            }

            var expected = FolderLayers.RootNamespace + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
            if (!match.Success || match.Groups["ns"].Value != expected)
            {
                wrong.Add($"{relative}: '{(match.Success ? match.Groups["ns"].Value : "(none)")}', expected '{expected}'");
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    [TestCase("Archive", "using OssUnzip.Function.Events;\nnamespace OssUnzip.Function.Archive;")]
    [TestCase("Archive", "namespace OssUnzip.Function.Archive.Planning;\nclass A { const string N = Routing.EventRouter.Name; }")]
    [TestCase("Storage", "namespace OssUnzip.Function.Storage;\nclass A { OssUnzip.Function.Diagnostics.Log? L; }")]
    [TestCase("Security", "using OssUnzip.Function.Functions;\nnamespace OssUnzip.Function.Security;")]
    [TestCase("Functions", "/// <see cref=\"Security.EdgeGuardMiddleware\"/>\nnamespace OssUnzip.Function.Functions;")]
    [TestCase("Diagnostics", "using static OssUnzip.Function.Hosting.Program;")]
    public void FindViolations_ReferenceToSameOrHigherLayer_IsReported(string folder, string source)
    {
        var violations = FolderLayers.FindViolations(folder, "X.cs", source);

        Assert.That(violations, Has.Count.EqualTo(1));
    }

    [TestCase("Expansion", "using OssUnzip.Function.Archive;\nusing OssUnzip.Function.Storage;\nnamespace OssUnzip.Function.Expansion;")]
    [TestCase("Archive", "using System.Net.Http;\nnamespace OssUnzip.Function.Archive.Zip;\nclass A { int C => request.Events.Count; string S = \"Http:MaxBodyBytes\"; }")]
    [TestCase("Hosting", "using OssUnzip.Function.Http;\nusing OssUnzip.Function.Security;\nusing OssUnzip.Function.Functions;")]
    [TestCase("Archive", "namespace OssUnzip.Function.Archive.Writing;\nclass A { Archive.Zip.ZipLayout? L; }")]
    public void FindViolations_ReferenceToLowerLayerOrOwnFolder_IsAllowed(string folder, string source)
    {
        var violations = FolderLayers.FindViolations(folder, "X.cs", source);

        Assert.That(violations, Is.Empty);
    }

    [GeneratedRegex(@"^namespace (?<ns>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();
}
