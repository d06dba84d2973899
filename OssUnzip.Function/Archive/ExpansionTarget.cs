using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Archive;

/// <summary>
/// Where and how one archive expands, as its output rule says: the bucket and folder objects go to,
/// the plan's folder mode and globs, what to do about targets that exist, and whether objects carry
/// the entry's modification time. The engine's view of a rule: it knows no routing.
/// </summary>
public sealed record ExpansionTarget(string Bucket, string Folder)
{
    public PlanRules Plan { get; init; } = PlanRules.Default;

    public OverwritePolicy Overwrite { get; init; } = OverwritePolicy.Overwrite;

    public bool WriteModifiedTime { get; init; } = true;
}
