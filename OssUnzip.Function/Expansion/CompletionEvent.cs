using System.Globalization;
using System.Text.Json.Nodes;
using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Builds the structured-mode CloudEvent announcing an expansion's end: type
/// <c>ossunzip.archive.expanded</c> or <c>ossunzip.archive.failed</c>, subject = the source object (its
/// key spelled as found in the bucket, as in the data),
/// data = the same report the HTTP response carries (<see cref="OutcomeJson"/>).
/// </summary>
public static class CompletionEvent
{
    public const string ExpandedType = "ossunzip.archive.expanded";
    public const string FailedType = "ossunzip.archive.failed";

    /// <returns>The event, or null for outcomes that are not an expansion's end.</returns>
    public static JsonObject? For(ExpansionOutcome outcome, string source, DateTimeOffset time)
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

        return new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
            ["source"] = source,
            ["type"] = type,
            ["subject"] = $"{outcome.Event.Bucket}/{OutcomeJson.KeyOf(outcome)}",
            ["time"] = time.ToString("O", CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["ossunzipeventid"] = outcome.Event.EventId,
            ["data"] = OutcomeJson.Describe(outcome),
        };
    }
}
