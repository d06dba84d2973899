namespace OssUnzip.Local.Host;

/// <summary>The worker is not connected (yet, or any more), so a request cannot be sent to it.</summary>
internal sealed class WorkerUnavailableException : Exception
{
    public WorkerUnavailableException()
    {
    }

    public WorkerUnavailableException(string message)
        : base(message)
    {
    }

    public WorkerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
