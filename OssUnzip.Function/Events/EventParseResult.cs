namespace OssUnzip.Function.Events;

/// <summary>Either the events a request carried, or why the request is not a usable event.</summary>
public sealed class EventParseResult
{
    private EventParseResult(IReadOnlyList<ObjectCreatedEvent> events, string? problem)
    {
        Events = events;
        Problem = problem;
    }

    public IReadOnlyList<ObjectCreatedEvent> Events { get; }

    /// <summary>Set when the request is malformed; names the offending field.</summary>
    public string? Problem { get; }

    public bool IsValid => Problem is null;

    public static EventParseResult Valid(IReadOnlyList<ObjectCreatedEvent> events) => new(events, null);

    public static EventParseResult Invalid(string problem) => new([], problem);
}
