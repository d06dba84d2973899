using System.Globalization;
using System.Net.Mime;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Builds the CloudEvent announcing an expansion's end, as a CNCF SDK <see cref="CloudEvent"/> written in
/// structured mode by the SDK's <see cref="JsonEventFormatter"/>: type <c>ossunzip.archive.expanded</c> or
/// <c>ossunzip.archive.failed</c>, subject = the source object (its key spelled as found in the bucket, as in
/// the data), extension <c>ossunzipeventid</c> = the triggering event's id,
/// data = the same report the HTTP response carries (<see cref="OutcomeJson"/>).
/// </summary>
public static class CompletionEvent
{
    public const string ExpandedType = "ossunzip.archive.expanded";
    public const string FailedType = "ossunzip.archive.failed";

    /// <summary>The extension attribute naming the event that started the expansion.</summary>
    public const string TriggerIdAttribute = "ossunzipeventid";

    private static readonly JsonEventFormatter Formatter = new();

    /// <returns>The event, or null for outcomes that are not an expansion's end.</returns>
    public static CloudEvent? Create(ExpansionOutcome outcome, string source, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var type = outcome switch
        {
            ExpandedOutcome => ExpandedType,
            RejectedOutcome => FailedType,
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            // A job's end has the job's id, so the finishing shards of a race send the same event (issue 16).
            Id = outcome.JobId ?? Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = type,
            Subject = $"{outcome.Event.Bucket}/{OutcomeJson.KeyOf(outcome)}",
            Time = time,
            DataContentType = MediaTypeNames.Application.Json,
            Data = OutcomeJson.Describe(outcome),
        };
        cloudEvent[TriggerIdAttribute] = outcome.Event.EventId;
        return cloudEvent;
    }

    /// <summary>The structured-mode body (<c>application/cloudevents+json</c>) and its content type.</summary>
    public static ReadOnlyMemory<byte> Encode(CloudEvent cloudEvent, out ContentType contentType) =>
        Formatter.EncodeStructuredModeMessage(cloudEvent, out contentType);

    /// <returns>The event as the SDK writes it in structured mode, or null for outcomes that are not an expansion's end.</returns>
    public static JsonObject? For(ExpansionOutcome outcome, string source, DateTimeOffset time) =>
        Create(outcome, source, time) is { } cloudEvent
            ? JsonNode.Parse(Encode(cloudEvent, out _).Span)!.AsObject()
            : null;
}
