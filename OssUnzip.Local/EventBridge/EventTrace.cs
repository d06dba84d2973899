using System.Text.Encodings.Web;
using System.Text.Json;

namespace OssUnzip.Local.EventBridge;

/// <summary>
/// The one stdout line per event: `event id=.. type=.. key=".." matched=true|false delivery=.. attempts=N`.
/// The key is JSON-quoted so that keys with spaces keep the line parseable.
/// </summary>
internal static class EventTrace
{
    /// <summary>Keeps non-ASCII keys readable; quotes and control characters are still escaped.</summary>
    private static readonly JsonSerializerOptions KeyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(OssEvent ossEvent, bool matched, DeliveryResult? delivery)
    {
        ArgumentNullException.ThrowIfNull(ossEvent);
        var status = delivery is null ? "skipped" : (delivery.Delivered ? "delivered:" : "failed:") + delivery.Status;
        return $"event id={ossEvent.Id} type={ossEvent.Type} key={JsonSerializer.Serialize(ossEvent.Key, KeyJson)} " +
               $"matched={(matched ? "true" : "false")} delivery={status} attempts={delivery?.Attempts ?? 0}";
    }
}
