using System.Text.Json;

namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>
/// An Alibaba EventBridge event pattern (the file a user pastes into a rule), compiled once and
/// matched against CloudEvents. Keys AND, array entries OR, nested objects match nested fields,
/// array fields match when any element does, and every comparison is case-sensitive.
/// </summary>
internal sealed class EventPattern
{
    private readonly ObjectNode _root;

    private EventPattern(ObjectNode root) => _root = root;

    public static EventPattern Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new EventPatternException($"The event pattern is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var errors = new List<string>();
            var root = EventPatternParser.ParseObject(document.RootElement, "$", errors);
            if (errors.Count > 0 || root is null)
            {
                throw new EventPatternException("Invalid event pattern: " + string.Join("; ", errors));
            }

            return new EventPattern(root);
        }
    }

    public static EventPattern Load(string path) => Parse(File.ReadAllText(path));

    public bool Matches(JsonElement cloudEvent) => _root.Matches(cloudEvent);
}
