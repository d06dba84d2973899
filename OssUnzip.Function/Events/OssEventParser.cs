using System.Globalization;
using System.Text.Json;

namespace OssUnzip.Function.Events;

/// <summary>
/// Turns a request body into object-created events. Accepts every form EventBridge or OSS can send
/// (docs/facts.md §2): a structured CloudEvent, a binary-mode CloudEvent (attributes in headers, body = data),
/// the bare OSS record (an EventBridge "partial event" of $.data) and the older {"events":[...]} form.
/// The body is parsed as JSON whatever its Content-Type says. Problems name the offending JSON path.
/// </summary>
public static class OssEventParser
{
    private const string OssTypePrefix = "oss:";

    public static EventParseResult Parse(ReadOnlyMemory<byte> body, CloudEventBinaryAttributes? binaryMode)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return EventParseResult.Invalid($"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return EventParseResult.Invalid($"The body must be a JSON object, not {Describe(root.ValueKind)}.");
            }

            if (binaryMode is not null)
            {
                return Single(ParseRecord(root, "body", binaryMode.Type, binaryMode.Id));
            }

            if (root.TryGetProperty("specversion", out _))
            {
                return ParseStructuredCloudEvent(root);
            }

            if (root.TryGetProperty("events", out var events))
            {
                return ParseNotification(events);
            }

            if (root.TryGetProperty("oss", out _))
            {
                return Single(ParseRecord(root, "$", cloudEventType: null, cloudEventId: null));
            }

            return EventParseResult.Invalid(
                "The body is not an OSS event: expected a CloudEvent (specversion, type, data), a bare OSS record (oss.bucket, oss.object) or {\"events\":[...]}.");
        }
    }

    private static EventParseResult ParseStructuredCloudEvent(JsonElement root)
    {
        if (!TryGetOptionalString(root, "type", "type", out var type, out var problem) ||
            !TryGetOptionalString(root, "id", "id", out var id, out problem))
        {
            return EventParseResult.Invalid(problem!);
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return EventParseResult.Invalid("data must be a JSON object holding the OSS record.");
        }

        return Single(ParseRecord(data, "data", type, id));
    }

    private static EventParseResult ParseNotification(JsonElement events)
    {
        if (events.ValueKind != JsonValueKind.Array || events.GetArrayLength() == 0)
        {
            return EventParseResult.Invalid("events must be a non-empty array of OSS records.");
        }

        var parsed = new List<ObjectCreatedEvent>(events.GetArrayLength());
        var index = 0;
        foreach (var record in events.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"events[{index++}]");
            if (record.ValueKind != JsonValueKind.Object)
            {
                return EventParseResult.Invalid($"{path} must be a JSON object.");
            }

            var (evt, problem) = ParseRecord(record, path, cloudEventType: null, cloudEventId: null);
            if (problem is not null)
            {
                return EventParseResult.Invalid(problem);
            }

            parsed.Add(evt!);
        }

        return EventParseResult.Valid(parsed);
    }

    private static EventParseResult Single((ObjectCreatedEvent? Event, string? Problem) result) =>
        result.Problem is null ? EventParseResult.Valid([result.Event!]) : EventParseResult.Invalid(result.Problem);

    private static (ObjectCreatedEvent? Event, string? Problem) ParseRecord(JsonElement record, string path, string? cloudEventType, string? cloudEventId)
    {
        if (!TryGetOptionalString(record, "eventName", $"{path}.eventName", out var eventName, out var problem))
        {
            return (null, problem);
        }

        var type = Normalize(cloudEventType) ?? Normalize(eventName);
        if (type is null)
        {
            return (null, $"{path}.eventName (or the CloudEvent type) is required.");
        }

        if (!record.TryGetProperty("oss", out var oss) || oss.ValueKind != JsonValueKind.Object)
        {
            return (null, $"{path}.oss must be a JSON object.");
        }

        if (!TryGetObject(oss, "bucket", $"{path}.oss.bucket", out var bucket, out problem) ||
            !TryGetObject(oss, "object", $"{path}.oss.object", out var obj, out problem) ||
            !TryGetRequiredString(bucket, "name", $"{path}.oss.bucket.name", out var bucketName, out problem) ||
            !TryGetRequiredString(obj, "key", $"{path}.oss.object.key", out var key, out problem) ||
            !TryGetOptionalString(obj, "eTag", $"{path}.oss.object.eTag", out var eTag, out problem) ||
            !TryGetOptionalSize(obj, $"{path}.oss.object.size", out var size, out problem))
        {
            return (null, problem);
        }

        var id = cloudEventId ?? RequestIdOf(record) ?? $"{bucketName}/{key}";
        return (new ObjectCreatedEvent(id, type, bucketName, key, eTag, size), null);
    }

    /// <summary>"oss:ObjectCreated:PutObject" and "ObjectCreated:PutObject" name the same event.</summary>
    private static string? Normalize(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        return type.StartsWith(OssTypePrefix, StringComparison.Ordinal) ? type[OssTypePrefix.Length..] : type;
    }

    private static string? RequestIdOf(JsonElement record) =>
        record.TryGetProperty("responseElements", out var response) && response.ValueKind == JsonValueKind.Object &&
        response.TryGetProperty("requestId", out var requestId) && requestId.ValueKind == JsonValueKind.String
            ? requestId.GetString()
            : null;

    private static bool TryGetObject(JsonElement parent, string name, string path, out JsonElement value, out string? problem)
    {
        if (parent.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object)
        {
            problem = null;
            return true;
        }

        problem = $"{path} must be a JSON object.";
        return false;
    }

    private static bool TryGetRequiredString(JsonElement parent, string name, string path, out string value, out string? problem)
    {
        if (parent.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text)
        {
            value = text;
            problem = null;
            return true;
        }

        value = "";
        problem = element.ValueKind == JsonValueKind.Undefined
            ? $"{path} is required."
            : $"{path} must be a non-empty string, not {Describe(element.ValueKind)}.";
        return false;
    }

    private static bool TryGetOptionalString(JsonElement parent, string name, string path, out string? value, out string? problem)
    {
        value = null;
        problem = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problem = $"{path} must be a string, not {Describe(element.ValueKind)}.";
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static bool TryGetOptionalSize(JsonElement obj, string path, out long? size, out string? problem)
    {
        size = null;
        problem = null;
        if (!obj.TryGetProperty("size", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number) && number >= 0)
        {
            size = number;
            return true;
        }

        if (element.ValueKind == JsonValueKind.String && long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            size = number;
            return true;
        }

        problem = $"{path} must be a non-negative integer.";
        return false;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
