using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>A nested pattern object: every key must match (AND) the same-named field of an event object.</summary>
internal sealed class ObjectNode(IReadOnlyList<KeyValuePair<string, IPatternNode>> fields) : IPatternNode
{
    public bool Matches(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } obj)
        {
            return false;
        }

        foreach (var (name, node) in fields)
        {
            JsonElement? field = obj.TryGetProperty(name, out var found) ? found : null;
            if (!node.Matches(field))
            {
                return false;
            }
        }

        return true;
    }
}
