namespace OssUnzip.Function.Routing;

/// <summary>
/// What to do with an event: ignore it (with the reason), or try the listed candidates, in order, and
/// expand the first whose key exists into that candidate's output folder.
/// </summary>
public sealed record RoutingDecision(string? IgnoreReason, IReadOnlyList<ArchiveRoute> Candidates)
{
    public bool IsIgnored => IgnoreReason is not null;

    public IReadOnlyList<string> CandidateKeys => [.. Candidates.Select(c => c.Key)];

    public static RoutingDecision Ignore(string reason) => new(reason, []);

    public static RoutingDecision Expand(IReadOnlyList<ArchiveRoute> candidates) => new(null, candidates);
}
