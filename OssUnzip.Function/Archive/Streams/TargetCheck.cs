using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// A rule's overwrite policy for archives read front to back: each target is looked up (HEAD) just
/// before its entry would be written, since the entries are not known in advance. skip-existing leaves
/// the entry out and lists it; fail rejects the archive at the first existing target — entries before it
/// are already written (no manifest), unlike a ZIP, where fail is decided before anything is written.
/// An object this source version wrote itself (an earlier read of the same stream: a stream job's re-run)
/// does not count as existing (<see cref="TargetOwnership"/>, decision 0039). A 7z range shard decides
/// here too, for each file just before it is written (decision 0042); the request never makes a range job
/// under fail, but a shard reads its rule's policy when it runs, so a rule changed to fail after the job
/// began rejects it here at the first existing target, as a stream shard would.
/// </summary>
internal sealed class TargetCheck(IObjectStore store, ArchiveSource source, ExpansionTarget target)
{
    public int HeadRequests { get; private set; }

    public async Task<bool> MayWriteAsync(StreamedEntry entry, StreamEntryPlanner planner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(planner);
        if (target.Overwrite == OverwritePolicy.Overwrite)
        {
            return true;
        }

        HeadRequests++;
        if (!TargetOwnership.IsPreexisting(await store.TryGetVersionAsync(target.Bucket, entry.Key, cancellationToken).ConfigureAwait(false), source))
        {
            return true;
        }

        if (target.Overwrite == OverwritePolicy.Fail)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.TargetExists,
                $"The target object '{entry.Key}' already exists in bucket '{target.Bucket}' and the rule's overwrite policy is fail.",
                [entry.Name]);
        }

        planner.NotWritten(entry, TargetOwnership.SkipExistingReason, EntryNoteCodes.TargetExists);
        return false;
    }
}
