using System.Text.Json;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// Just enough of Alibaba EventBridge pattern matching (docs/facts.md §4) to check the committed
/// pattern: nested objects, OR-lists of exact values, prefix and suffix. Any other operator
/// throws, so a pattern change that needs more is noticed here. The full matcher belongs to
/// the local stack (OssUnzip.Local).
/// </summary>
internal static class EventPatternMatcher
{
    public static bool Matches(JsonElement pattern, JsonElement @event)
    {
        foreach (var field in pattern.EnumerateObject())
        {
            if (@event.ValueKind != JsonValueKind.Object || !@event.TryGetProperty(field.Name, out var value))
            {
                return false;
            }

            var matched = field.Value.ValueKind switch
            {
                JsonValueKind.Object => Matches(field.Value, value),
                JsonValueKind.Array => field.Value.EnumerateArray().Any(alternative => MatchesValue(alternative, value)),
                _ => throw new NotSupportedException($"pattern field '{field.Name}' must be an object or a list"),
            };
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesValue(JsonElement alternative, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = value.GetString()!;
        if (alternative.ValueKind == JsonValueKind.String)
        {
            return string.Equals(alternative.GetString(), text, StringComparison.Ordinal);
        }

        var rule = alternative.EnumerateObject().Single();
        return rule.Name switch
        {
            "prefix" => text.StartsWith(rule.Value.GetString()!, StringComparison.Ordinal),
            "suffix" => text.EndsWith(rule.Value.GetString()!, StringComparison.Ordinal),
            _ => throw new NotSupportedException($"operator '{rule.Name}' is not handled by this minimal matcher"),
        };
    }
}
