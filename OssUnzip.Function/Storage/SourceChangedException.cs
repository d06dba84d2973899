namespace OssUnzip.Function.Storage;

/// <summary>
/// The source object was replaced while it was being read: continuing would mix two versions.
/// </summary>
public sealed class SourceChangedException : IOException
{
    public SourceChangedException()
    {
    }

    public SourceChangedException(string message)
        : base(message)
    {
    }

    public SourceChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
