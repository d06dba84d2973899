using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>A literal: string (case-sensitive, "" included), number, boolean or null.</summary>
internal sealed class ExactValueMatcher(JsonElement literal) : IValueMatcher
{
    private readonly JsonElement _literal = literal.Clone();

    public bool Matches(JsonElement value) => JsonValues.AreEqual(_literal, value);
}
