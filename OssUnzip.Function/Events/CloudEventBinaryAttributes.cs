namespace OssUnzip.Function.Events;

/// <summary>The <c>ce-*</c> headers of a binary-mode CloudEvent; the body is then the event's data.</summary>
public sealed record CloudEventBinaryAttributes(string? Id, string? Type, string? Source);
