namespace OssUnzip.Function.Expansion;

/// <summary>New work refused because the process is draining; a transient failure (503).</summary>
public sealed class ServiceShuttingDownException : Exception
{
    public ServiceShuttingDownException()
        : base("The service is shutting down; retry shortly.")
    {
    }

    public ServiceShuttingDownException(string message)
        : base(message)
    {
    }

    public ServiceShuttingDownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
