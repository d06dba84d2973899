using System.Text.RegularExpressions;

namespace OssUnzip.Function.Tests.Architecture;

/// <summary>
/// The one-direction layout of OssUnzip.Function (README, "Layout"): each top-level folder has a layer,
/// and a file may name another folder's namespace only when that folder's layer is lower. Folders on the
/// same layer (Storage and Diagnostics; Functions and Security) never import each other, and the archive
/// engine stays pure: Archive imports neither Events nor Routing, though they sit below it.
/// A reference is a <c>using</c> of <c>OssUnzip.Function.X</c>, a fully qualified <c>OssUnzip.Function.X.</c>,
/// or a partly qualified <c>X.Type</c> (which resolves to the sibling folder from inside the app's namespace),
/// in code or in doc comments alike.
/// </summary>
internal static partial class FolderLayers
{
    public const string RootNamespace = "OssUnzip.Function";

    public static IReadOnlyDictionary<string, int> Layers { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Collections"] = 0,
        ["Configuration"] = 0,
        ["Storage"] = 1,
        ["Diagnostics"] = 1,
        ["Events"] = 2,
        ["Routing"] = 3,
        ["Archive"] = 4,
        ["Expansion"] = 5,
        ["Http"] = 6,
        ["Functions"] = 7,
        ["Security"] = 7,
        ["Hosting"] = 8,
    };

    /// <summary>Edges the layers allow but the layout forbids: the engine knows no events and no routing.</summary>
    public static IReadOnlySet<(string From, string To)> Forbidden { get; } = new HashSet<(string, string)>
    {
        ("Archive", "Events"),
        ("Archive", "Routing"),
    };

    /// <returns>One line per forbidden reference, "file: Folder → Other (the text found)".</returns>
    public static IReadOnlyList<string> FindViolations(string folder, string relativePath, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var layer = Layers[folder];
        var violations = new List<string>();
        foreach (var referenced in ReferencedFolders(source).Distinct())
        {
            if (referenced.Folder != folder && Layers.TryGetValue(referenced.Folder, out var other) && (other >= layer || Forbidden.Contains((folder, referenced.Folder))))
            {
                violations.Add($"{relativePath}: {folder} (layer {layer}) → {referenced.Folder} (layer {other}) via '{referenced.Text}'");
            }
        }

        return violations;
    }

    private static IEnumerable<(string Folder, string Text)> ReferencedFolders(string source)
    {
        foreach (Match match in QualifiedReference().Matches(source))
        {
            yield return (match.Groups["folder"].Value, match.Value);
        }

        foreach (Match match in SiblingReference().Matches(source))
        {
            if (Layers.ContainsKey(match.Groups["folder"].Value))
            {
                yield return (match.Groups["folder"].Value, match.Value);
            }
        }
    }

    [GeneratedRegex(@"\bOssUnzip\.Function\.(?<folder>[A-Za-z]+)\b")]
    private static partial Regex QualifiedReference();

    /// <summary>"Routing.EventRouter" but not "request.Routing.X", "System.Net.Http.X" or "OssUnzip.Function.Http".</summary>
    [GeneratedRegex(@"(?<![\w.])(?<folder>[A-Z][A-Za-z]+)\.[A-Z]\w*")]
    private static partial Regex SiblingReference();
}
