namespace OssUnzip.Function.Expansion;

/// <summary>
/// Completion events: after an expansion succeeds or fails permanently, a CloudEvent is POSTed to
/// <see cref="Url"/> (e.g. an EventBridge custom bus HTTP event source, docs/facts.md §3). Off when no URL is
/// set. Bound from the "Completion" section.
/// </summary>
public sealed class CompletionOptions
{
    public const string SectionName = "Completion";

    /// <summary>Where to POST completion CloudEvents; empty turns them off.</summary>
    public string? Url { get; set; }

    /// <summary>The CloudEvent <c>source</c> attribute. Default "ossunzip".</summary>
    public string Source { get; set; } = "ossunzip";

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
