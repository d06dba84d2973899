namespace OssUnzip.Function.Archive;

/// <summary>
/// The archive cannot or must not be expanded (corrupt, unsupported, over a limit, hostile). A
/// permanent failure: retrying the same object gives the same answer. <see cref="Code"/> is one of
/// <see cref="ArchiveRejectionCodes"/>.
/// </summary>
public sealed class ArchiveRejectedException : Exception
{
    public ArchiveRejectedException()
    {
    }

    public ArchiveRejectedException(string message)
        : base(message)
    {
    }

    public ArchiveRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ArchiveRejectedException(string code, string message, IReadOnlyList<string>? entries = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Entries = entries ?? [];
    }

    public string Code { get; } = ArchiveRejectionCodes.CorruptCentralDirectory;

    /// <summary>The entries the rejection is about, when it is about entries.</summary>
    public IReadOnlyList<string> Entries { get; } = [];
}
