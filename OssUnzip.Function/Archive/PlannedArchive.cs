using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// An archive version whose central directory was read and whose entries are planned under a target
/// (rule); nothing written yet. <paramref name="Writes"/> are the plan's writes after the overwrite
/// policy (those that exist are in <paramref name="Existing"/>), or all of them when it was not applied.
/// </summary>
internal sealed record PlannedArchive(
    ArchiveSource Source,
    ExpansionTarget Target,
    ZipLayout Layout,
    ExpansionPlan Plan,
    IReadOnlyList<PlannedEntry> Writes,
    IReadOnlyList<EntryNote> Existing,
    int HeadRequests,
    int DirectoryRequests,
    DateTimeOffset StartedAt)
{
    public string OutputFolder => Target.Folder;

    /// <summary>The password for the encrypted entries, chosen before writing (<see cref="Writing.ZipPreflight"/>).</summary>
    public ZipPasswordChoice Passwords { get; init; } = ZipPasswordChoice.None;
}
