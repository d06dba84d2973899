using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>One entry of a pattern's value array (exact value or an operator object).</summary>
internal interface IValueMatcher
{
    /// <summary>Whether a present, non-array value (or one array element) matches.</summary>
    bool Matches(JsonElement value);

    /// <summary>Whether the field being absent from the event matches (only exists:false does).</summary>
    bool MatchesMissing => false;
}
