using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>Scalar JSON comparison used by exact and anything-but matching.</summary>
internal static class JsonValues
{
    public static bool AreEqual(JsonElement expected, JsonElement actual)
    {
        return expected.ValueKind switch
        {
            JsonValueKind.String => actual.ValueKind == JsonValueKind.String
                                    && string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal),
            JsonValueKind.Number => actual.ValueKind == JsonValueKind.Number && NumbersEqual(expected, actual),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => actual.ValueKind == expected.ValueKind,
            _ => false,
        };
    }

    public static bool IsScalar(JsonElement element) => element.ValueKind
        is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;

    private static bool NumbersEqual(JsonElement a, JsonElement b) =>
        a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetDouble().Equals(b.GetDouble());
}
