using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>
/// anything-but: a present value that the inner matchers (a value, a list of values, or a prefix)
/// do not match. An absent field does not match, as with every operator except exists:false.
/// </summary>
internal sealed class AnythingButMatcher(IReadOnlyList<IValueMatcher> excluded) : IValueMatcher
{
    public bool Matches(JsonElement value) => !excluded.Any(m => m.Matches(value));
}
