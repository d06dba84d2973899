using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// The store permanently refused the object an entry maps to (<see cref="ObjectRefusedException"/>),
/// so this archive cannot be expanded into this store as it is. Names the entry and the store's answer.
/// </summary>
public sealed class EntryRefusedException : Exception
{
    public EntryRefusedException()
    {
    }

    public EntryRefusedException(string message)
        : base(message)
    {
    }

    public EntryRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EntryRefusedException(string entryName, ObjectRefusedException refusal)
        : base($"The store refused the object for entry '{entryName}' ({(refusal ?? throw new ArgumentNullException(nameof(refusal))).StatusCode} {refusal.ErrorCode}: {refusal.Message}); retrying cannot help.", refusal)
    {
        EntryName = entryName;
    }

    public string? EntryName { get; }
}
