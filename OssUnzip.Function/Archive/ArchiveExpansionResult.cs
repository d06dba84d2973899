namespace OssUnzip.Function.Archive;

/// <summary>
/// What the engine made of one archive version: <see cref="ArchiveExpanded"/> or <see cref="ArchiveRejected"/>.
/// Transient (storage) failures are not results: they propagate as exceptions.
/// </summary>
public abstract record ArchiveExpansionResult;
