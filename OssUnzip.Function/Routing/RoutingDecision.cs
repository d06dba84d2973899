namespace OssUnzip.Function.Routing;

/// <summary>
/// What to do with an event: ignore it (with the reason), or try the listed candidate keys, in order,
/// and expand the first that exists.
/// </summary>
public sealed record RoutingDecision(string? IgnoreReason, IReadOnlyList<string> CandidateKeys)
{
    public bool IsIgnored => IgnoreReason is not null;

    public static RoutingDecision Ignore(string reason) => new(reason, []);

    public static RoutingDecision Expand(IReadOnlyList<string> candidateKeys) => new(null, candidateKeys);
}
