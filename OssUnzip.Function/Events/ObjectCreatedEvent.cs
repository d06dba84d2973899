namespace OssUnzip.Function.Events;

/// <summary>
/// The part of an OSS object-created event the service acts on, whatever form it arrived in.
/// </summary>
/// <param name="EventId">CloudEvent id, or the record's request id; used to correlate logs.</param>
/// <param name="EventType">Normalized OSS event name, e.g. <c>ObjectCreated:PutObject</c>.</param>
/// <param name="Key">The key exactly as the event carried it (possibly percent-encoded, docs/facts.md §2).</param>
public sealed record ObjectCreatedEvent(string EventId, string EventType, string Bucket, string Key, string? ETag, long? Size);
