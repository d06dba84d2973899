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

    /// <summary>
    /// The <see cref="SourceChangedException"/> that caused <paramref name="exception"/>, itself included, or
    /// null. Readers above the store wrap what a stream throws (ZipArchive turns it into "Central Directory
    /// corrupt"), and a replaced source must not be mistaken for a corrupt archive.
    /// </summary>
    public static SourceChangedException? FindIn(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SourceChangedException changed)
            {
                return changed;
            }
        }

        return null;
    }
}
