using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>A pattern node applied to one event field; null stands for "absent from the event".</summary>
internal interface IPatternNode
{
    bool Matches(JsonElement? value);
}
