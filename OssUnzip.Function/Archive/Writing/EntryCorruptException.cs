namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// An entry's data did not match its declared size or CRC-32, or would not decompress, while it was
/// being expanded. Names the entry.
/// </summary>
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

    public EntryCorruptException(string entryName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        EntryName = entryName;
    }

    public string? EntryName { get; }
}
