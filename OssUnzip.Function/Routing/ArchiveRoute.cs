namespace OssUnzip.Function.Routing;

/// <summary>One spelling of the archive's key the event may mean, and the folder it expands into.</summary>
public sealed record ArchiveRoute(string Key, string OutputFolder);
