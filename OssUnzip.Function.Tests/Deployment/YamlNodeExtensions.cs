using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// Path navigation over YamlDotNet's representation model. "Required" lookups throw with the
/// path that is missing, so a failing manifest test names the field, not a null reference.
/// </summary>
internal static class YamlNodeExtensions
{
    public static YamlNode? Node(this YamlMappingNode mapping, params string[] path)
    {
        YamlNode current = mapping;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Scalar(this YamlMappingNode mapping, params string[] path) =>
        (mapping.Node(path) as YamlScalarNode)?.Value;

    public static string RequiredScalar(this YamlMappingNode mapping, params string[] path) =>
        mapping.Scalar(path) ?? throw Missing(path);

    public static int RequiredInt(this YamlMappingNode mapping, params string[] path) =>
        int.Parse(mapping.RequiredScalar(path), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static YamlMappingNode? Mapping(this YamlMappingNode mapping, params string[] path) =>
        mapping.Node(path) as YamlMappingNode;

    public static YamlMappingNode RequiredMapping(this YamlMappingNode mapping, params string[] path) =>
        mapping.Mapping(path) ?? throw Missing(path);

    public static IReadOnlyList<YamlMappingNode> Mappings(this YamlMappingNode mapping, params string[] path) =>
        mapping.Node(path) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlMappingNode>()] : [];

    public static IReadOnlyList<string> Scalars(this YamlMappingNode mapping, params string[] path) =>
        mapping.Node(path) is YamlSequenceNode sequence
            ? [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)]
            : [];

    /// <summary>The string entries of a mapping (labels, selectors, ConfigMap data).</summary>
    public static IReadOnlyDictionary<string, string> StringMap(this YamlMappingNode mapping, params string[] path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mapping.Mapping(path) is { } map)
        {
            foreach (var (key, value) in map.Children)
            {
                result[((YamlScalarNode)key).Value!] = (value as YamlScalarNode)?.Value ?? string.Empty;
            }
        }

        return result;
    }

    private static KeyNotFoundException Missing(string[] path) => new($"missing '{string.Join('.', path)}'");
}
