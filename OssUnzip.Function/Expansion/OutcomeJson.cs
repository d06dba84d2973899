using System.Text.Json.Nodes;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// The JSON shape of an outcome, shared by the HTTP response and the completion event's data so the
/// two never drift apart.
/// </summary>
public static class OutcomeJson
{
    public static JsonObject Describe(ExpansionOutcome outcome) => outcome switch
    {
        IgnoredOutcome ignored => new JsonObject
        {
            ["status"] = "ignored",
            ["eventId"] = ignored.Event.EventId,
            ["bucket"] = ignored.Event.Bucket,
            ["key"] = ignored.Event.Key,
            ["reason"] = ignored.Reason,
        },
        ExpandedOutcome expanded => Describe(expanded.Event.EventId, expanded.Report),
        AlreadyExpandedOutcome done => new JsonObject
        {
            ["status"] = "already-expanded",
            ["eventId"] = done.Event.EventId,
            ["bucket"] = done.Bucket,
            ["key"] = done.Key,
            ["etag"] = done.ETag,
            ["outputPrefix"] = done.OutputPrefix,
            ["entriesWritten"] = done.EntriesWritten,
            ["completedAt"] = done.CompletedAt,
        },
        RejectedOutcome rejected => new JsonObject
        {
            ["status"] = "rejected",
            ["kind"] = KindName(rejected.Kind),
            ["code"] = rejected.Code,
            ["eventId"] = rejected.Event.EventId,
            ["bucket"] = rejected.Event.Bucket,
            ["key"] = rejected.Key,
            ["reason"] = rejected.Reason,
            ["entries"] = new JsonArray([.. rejected.Entries.Select(e => (JsonNode?)JsonValue.Create(e))]),
        },
        JobOutcome job => new JsonObject
        {
            ["status"] = job.Status,
            ["job"] = job.Job,
            ["shardsDone"] = job.ShardsDone,
            ["shards"] = job.Shards,
            ["eventId"] = job.Event.EventId,
            ["bucket"] = job.Bucket,
            ["key"] = job.Key,
            ["etag"] = job.ETag,
            ["outputPrefix"] = job.OutputPrefix,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "unknown outcome"),
    };

    /// <summary>The <c>kind</c> of a rejection as it appears in responses, events and rejection records.</summary>
    public static string KindName(RejectionKind kind) => kind switch
    {
        RejectionKind.SourceMissing => "source-missing",
        RejectionKind.StoreRefused => "store-refused",
        RejectionKind.ReservedOutputFolder => "reserved-output-folder",
        _ => "invalid-archive",
    };

    /// <summary>
    /// The key an outcome is about, spelled as found in the bucket: the one spelling every output uses
    /// (the event's own spelling only when nothing was found under any spelling).
    /// </summary>
    public static string KeyOf(ExpansionOutcome outcome) => outcome switch
    {
        ExpandedOutcome expanded => expanded.Report.Key,
        AlreadyExpandedOutcome done => done.Key,
        RejectedOutcome rejected => rejected.Key,
        JobOutcome job => job.Key,
        null => throw new ArgumentNullException(nameof(outcome)),
        _ => outcome.Event.Key,
    };

    private static JsonObject Describe(string eventId, ExpansionReport report) => new()
    {
        ["status"] = "expanded",
        ["eventId"] = eventId,
        ["bucket"] = report.Bucket,
        ["key"] = report.Key,
        ["etag"] = report.ETag,
        ["outputPrefix"] = report.OutputPrefix,
        ["format"] = report.Format,
        ["entriesWritten"] = report.EntriesWritten,
        ["bytesWritten"] = report.BytesWritten,
        ["directories"] = report.Directories,
        ["skipped"] = Notes(report.Skipped),
        ["renamed"] = Notes(report.Renamed),
        ["nameEncodings"] = new JsonArray([.. report.NameEncodings.Select(n => (JsonNode?)new JsonObject
        {
            ["code"] = n.Code,
            ["encoding"] = n.Encoding,
            ["guessed"] = n.Guessed,
            ["entries"] = n.Entries,
            ["example"] = n.Example,
            ["reason"] = n.Reason,
        })]),
        ["notes"] = new JsonArray([.. report.Notes.Select(n => (JsonNode?)new JsonObject { ["code"] = n.Code, ["message"] = n.Message })]),
        ["durationMs"] = report.DurationMs,
        ["getRequests"] = report.GetRequests,
        ["putRequests"] = report.PutRequests,
    };

    private static JsonArray Notes(IReadOnlyList<EntryNote> notes) =>
        new([.. notes.Select(n => (JsonNode?)new JsonObject { ["entry"] = n.Entry, ["code"] = n.Code, ["reason"] = n.Reason, ["key"] = n.Key })]);
}
