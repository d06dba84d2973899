using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace OssUnzip.Function.Events;

/// <summary>
/// Turns a request body into object-created events. Accepts every form EventBridge or OSS can send
/// (docs/facts.md §2): a structured CloudEvent, a binary-mode CloudEvent (attributes in headers, body = data),
/// the bare OSS record (an EventBridge "partial event" of $.data) and the older {"events":[...]} form.
/// Both CloudEvent modes are read by the CNCF SDK (CloudNative.CloudEvents); the OSS record inside, the bare
/// record and the notification form are ours. The body is parsed as JSON whatever its Content-Type says.
/// Problems name the offending JSON path, the SDK's refusals included.
/// </summary>
public static class OssEventParser
{
    private const string OssTypePrefix = "oss:";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    private static readonly JsonEventFormatter Formatter = new(serializerOptions: null, DocumentOptions);

    /// <summary>The context attributes the JSON event format carries as strings (CloudEvents 1.0).</summary>
    private static readonly string[] StringAttributes = ["specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema"];

    public static EventParseResult Parse(ReadOnlyMemory<byte> body, CloudEventBinaryAttributes? binaryMode)
    {
        if (binaryMode is not null)
        {
            return ParseBinaryModeCloudEvent(body, binaryMode);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            return NotJson(e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return NotAnObject(root.ValueKind);
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

    /// <summary>
    /// Binary mode: the SDK's event takes the <c>ce-*</c> attributes we were given and decodes the body as its
    /// JSON data. Attributes stay optional here (an absent type falls back to the record's eventName).
    /// </summary>
    private static EventParseResult ParseBinaryModeCloudEvent(ReadOnlyMemory<byte> body, CloudEventBinaryAttributes attributes)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0);
        if (!TrySetHeaderAttribute(cloudEvent, "id", attributes.Id, out var problem) ||
            !TrySetHeaderAttribute(cloudEvent, "type", attributes.Type, out problem) ||
            !TrySetHeaderAttribute(cloudEvent, "source", attributes.Source, out problem))
        {
            return EventParseResult.Invalid(problem!);
        }

        try
        {
            Formatter.DecodeBinaryModeEventData(body, cloudEvent);
        }
        catch (JsonException e)
        {
            return NotJson(e);
        }

        if (cloudEvent.Data is not JsonElement data)
        {
            return EventParseResult.Invalid("The body is not valid JSON: it is empty.");
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            return NotAnObject(data.ValueKind);
        }

        return Single(ParseRecord(data, "body", cloudEvent.Type, cloudEvent.Id));
    }

    private static bool TrySetHeaderAttribute(CloudEvent cloudEvent, string name, string? value, out string? problem)
    {
        problem = null;
        if (value is null)
        {
            return true;
        }

        try
        {
            cloudEvent.SetAttributeFromString(name, value);
            return true;
        }
        catch (ArgumentException e)
        {
            problem = $"The ce-{name} header is not a valid CloudEvent {name}: {e.Message}";
            return false;
        }
    }

    private static EventParseResult ParseStructuredCloudEvent(JsonElement root)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = Formatter.ConvertFromJsonElement(root, extensionAttributes: null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return EventParseResult.Invalid(StructuredProblem(root, e));
        }

        if (cloudEvent.Data is not JsonElement { ValueKind: JsonValueKind.Object } data)
        {
            return EventParseResult.Invalid("data must be a JSON object holding the OSS record.");
        }

        return Single(ParseRecord(data, "data", cloudEvent.Type, cloudEvent.Id));
    }

    /// <summary>
    /// The SDK refuses an event with an exception naming the attribute in prose; our problems start with the
    /// JSON path at fault, so a context attribute of the wrong JSON type is named that way, anything else
    /// (a missing required attribute, an unparsable time, ...) carries the SDK's own words.
    /// </summary>
    private static string StructuredProblem(JsonElement root, Exception sdkException)
    {
        foreach (var name in StringAttributes)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return $"{name} must be a string, not {Describe(value.ValueKind)}.";
            }
        }

        return $"The body is not a valid CloudEvent: {sdkException.Message}";
    }

    private static EventParseResult NotJson(JsonException e) => EventParseResult.Invalid($"The body is not valid JSON: {e.Message}");

    private static EventParseResult NotAnObject(JsonValueKind kind) =>
        EventParseResult.Invalid($"The body must be a JSON object, not {Describe(kind)}.");

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
