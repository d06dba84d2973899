using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OssUnzip.Local.EventBridge;

/// <summary>
/// The one stdout line per event: `event id=.. type=.. key=".." matched=true|false delivery=.. attempts=N`,
/// then, when attempts were made, `attempt_ms=A,B,..`: how long each attempt waited for its answer, in
/// whole milliseconds, in order (a timed-out attempt shows the delivery timeout). The key is JSON-quoted
/// so that keys with spaces keep the line parseable.
/// </summary>
internal static class EventTrace
{
    /// <summary>Keeps non-ASCII keys readable; quotes and control characters are still escaped.</summary>
    private static readonly JsonSerializerOptions KeyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(OssEvent ossEvent, bool matched, DeliveryResult? delivery)
    {
        ArgumentNullException.ThrowIfNull(ossEvent);
        var status = delivery is null ? "skipped" : (delivery.Delivered ? "delivered:" : "failed:") + delivery.Status;
        var line = $"event id={ossEvent.Id} type={ossEvent.Type} key={JsonSerializer.Serialize(ossEvent.Key, KeyJson)} " +
                   $"matched={(matched ? "true" : "false")} delivery={status} attempts={delivery?.Attempts ?? 0}";
        return delivery is null || delivery.Attempts == 0
            ? line
            : line + " attempt_ms=" + string.Join(',', delivery.AttemptDurations.Select(d => ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
    }
}
