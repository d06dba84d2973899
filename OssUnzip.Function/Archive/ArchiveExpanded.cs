namespace OssUnzip.Function.Archive;

/// <summary>Every planned entry was written; the report says what and where.</summary>
public sealed record ArchiveExpanded(ExpansionReport Report) : ArchiveExpansionResult;
