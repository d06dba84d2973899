namespace OssUnzip.Function.Routing;

/// <summary>
/// One spelling of the archive's key the event may mean, the rule that takes it, and the folder (in
/// the rule's output bucket) it expands into.
/// </summary>
public sealed record ArchiveRoute(string Key, string OutputFolder)
{
    /// <summary>The rule that matched; the default rule when built without one.</summary>
    public UnzipRule Rule { get; init; } = new() { Name = UnzipOptions.DefaultRuleName };

    /// <summary>Where outputs and records go; empty means the archive's own bucket.</summary>
    public string OutputBucket { get; init; } = "";
}
