namespace OssUnzip.Function.Expansion;

/// <summary>Why an event can never succeed.</summary>
public enum RejectionKind
{
    /// <summary>The archive is corrupt, unsupported, hostile or over a limit.</summary>
    InvalidArchive,

    /// <summary>The object named by the event does not exist (any more).</summary>
    SourceMissing,

    /// <summary>The store permanently refused an object this archive expands to.</summary>
    StoreRefused,

    /// <summary>The archive's output folder would contain the records folder's name (<c>.ossunzip</c>).</summary>
    ReservedOutputFolder,
}
