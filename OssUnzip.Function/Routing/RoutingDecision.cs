namespace OssUnzip.Function.Routing;

/// <summary>
/// What to do with an event: ignore it (not ours, with the reason), refuse it (ours, but it can never be
/// expanded where it would go, with the reason), or try the listed candidate keys, in order, and expand
/// the first that exists.
/// </summary>
public sealed record RoutingDecision(string? IgnoreReason, IReadOnlyList<string> CandidateKeys)
{
    /// <summary>Set when the archive is ours but its output folder is reserved: a permanent refusal, no storage call.</summary>
    public string? RefuseReason { get; init; }

    public bool IsIgnored => IgnoreReason is not null;

    public static RoutingDecision Ignore(string reason) => new(reason, []);

    public static RoutingDecision Refuse(string reason) => new(null, []) { RefuseReason = reason };

    public static RoutingDecision Expand(IReadOnlyList<string> candidateKeys) => new(null, candidateKeys);
}
