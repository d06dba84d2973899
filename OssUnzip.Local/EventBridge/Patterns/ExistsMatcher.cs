using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>exists: true matches any present field (null included); false matches only an absent one.</summary>
internal sealed class ExistsMatcher(bool expected) : IValueMatcher
{
    public bool Expected { get; } = expected;

    public bool Matches(JsonElement value) => Expected;

    public bool MatchesMissing => !Expected;
}
