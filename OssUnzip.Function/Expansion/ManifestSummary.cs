namespace OssUnzip.Function.Expansion;

/// <summary>
/// What a redelivered event needs from a manifest: which archive version was expanded, into where, and
/// when. Written at the front of the manifest so it can be read without the object list.
/// </summary>
public sealed record ManifestSummary(
    ManifestSource Source,
    string OutputPrefix,
    int Objects,
    int Directories,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    long DurationMs)
{
    /// <summary>What the archive was, as its bytes said (zip, tar, tar+gzip, gzip...); absent in manifests written before formats were named, which were all ZIPs.</summary>
    public string? Format { get; init; }

    /// <summary>Where the objects went; null in manifests written before rules (the archive's own bucket).</summary>
    public string? OutputBucket { get; init; }

    /// <summary>
    /// The name of the rule (Unzip:Rules) that produced the output; a redelivery counts the archive as
    /// expanded only under the same rule. Null in manifests written before rules: the default rule.
    /// </summary>
    public string? Rule { get; init; }
}
