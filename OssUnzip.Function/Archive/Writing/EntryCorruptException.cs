namespace OssUnzip.Function.Archive.Writing;

/// <summary>An entry's data did not match its declared size or CRC-32 while it was being expanded.</summary>
public sealed class EntryCorruptException : Exception
{
    public EntryCorruptException()
    {
    }

    public EntryCorruptException(string message)
        : base(message)
    {
    }

    public EntryCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
