namespace OssUnzip.Local.EventBridge.Patterns;

/// <summary>The event pattern is not valid; the message lists every problem with its JSON path.</summary>
internal sealed class EventPatternException : Exception
{
    public EventPatternException()
    {
    }

    public EventPatternException(string message)
        : base(message)
    {
    }

    public EventPatternException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
