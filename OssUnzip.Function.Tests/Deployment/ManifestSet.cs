using OssUnzip.Testing;
using YamlDotNet.RepresentationModel;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// Every YAML document under k8s/, parsed once per test run. Kustomization files are kept
/// apart from the Kubernetes objects they list.
/// </summary>
internal sealed class ManifestSet
{
    public const string Directory = "k8s";

    private static readonly Lazy<ManifestSet> s_all = new(Load);

    private ManifestSet(IReadOnlyList<Manifest> objects, IReadOnlyList<Manifest> kustomizations)
    {
        Objects = objects;
        Kustomizations = kustomizations;
    }

    public static ManifestSet All => s_all.Value;

    public IReadOnlyList<Manifest> Objects { get; }

    public IReadOnlyList<Manifest> Kustomizations { get; }

    public IEnumerable<Manifest> OfKind(string kind) => Objects.Where(m => m.Kind == kind);

    /// <summary>The single object of a kind in one k8s/ folder (e.g. "base", "Deployment").</summary>
    public Manifest Single(string folder, string kind)
    {
        var matches = Objects
            .Where(m => m.Kind == kind && m.RelativePath.StartsWith($"{Directory}/{folder}/", StringComparison.Ordinal))
            .ToList();
        Assert.That(matches, Has.Count.EqualTo(1), $"expected one {kind} under {Directory}/{folder}/");
        return matches[0];
    }

    public static IReadOnlyList<Manifest> Parse(string relativePath)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(RepositoryRoot.ReadAllText(relativePath)))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .Select(root => new Manifest(relativePath, root))];
    }

    public static IEnumerable<string> Files() =>
        System.IO.Directory
            .EnumerateFiles(RepositoryRoot.Combine(Directory), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static ManifestSet Load()
    {
        var documents = Files().SelectMany(Parse).ToList();
        return new ManifestSet(
            [.. documents.Where(d => !IsKustomization(d))],
            [.. documents.Where(IsKustomization)]);
    }

    private static bool IsKustomization(Manifest manifest) =>
        manifest.Root.Scalar("kind") == "Kustomization";
}
