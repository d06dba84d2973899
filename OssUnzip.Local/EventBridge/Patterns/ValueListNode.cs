using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>
/// A pattern value array: the field matches when any entry matches (OR). When the event field is an
/// array, an entry matches when it matches any element; exists is decided on presence alone.
/// </summary>
internal sealed class ValueListNode(IReadOnlyList<IValueMatcher> matchers) : IPatternNode
{
    public bool Matches(JsonElement? value)
    {
        if (value is not { } present)
        {
            return matchers.Any(m => m.MatchesMissing);
        }

        if (present.ValueKind != JsonValueKind.Array)
        {
            return matchers.Any(m => m.Matches(present));
        }

        return matchers.Any(m => m is ExistsMatcher exists
            ? exists.Expected
            : present.EnumerateArray().Any(m.Matches));
    }
}
