using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// The one rule a skip-existing (or fail) check applies to what HEAD found (decision 0039): an object
/// exists for the policy unless it carries this source version's id (<see cref="ArchiveSource.Id"/>,
/// written as user metadata with every object). An object this expansion wrote itself (an earlier run of
/// the same shard, the inline run before it handed over to a job, an earlier read of a stream) is its
/// own and is written again; anything else, including objects from another version of the same archive
/// or from before the id was written, is left alone and listed as <c>target-exists</c>.
/// </summary>
internal static class TargetOwnership
{
    /// <summary>How a skip-existing target is listed (code <c>target-exists</c>).</summary>
    public const string SkipExistingReason = "the target object already exists (overwrite policy skip-existing)";

    /// <summary>True when <paramref name="found"/> (a HEAD's answer, null for none) is an object that <paramref name="source"/> did not write.</summary>
    public static bool IsPreexisting(ObjectVersion? found, ArchiveSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return found is not null && !string.Equals(found.SourceId, source.Id, StringComparison.Ordinal);
    }

    /// <summary>
    /// HEADs every key of <paramref name="keys"/> in <paramref name="bucket"/>, at most
    /// <paramref name="concurrency"/> at once: for each, whether it is preexisting (<see cref="IsPreexisting"/>).
    /// </summary>
    public static async Task<bool[]> FindPreexistingAsync(IObjectStore store, ArchiveSource source, string bucket, IReadOnlyList<string> keys, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        var exists = new bool[keys.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, keys.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) => exists[i] = IsPreexisting(await store.TryGetVersionAsync(bucket, keys[i], token).ConfigureAwait(false), source)).ConfigureAwait(false);
        return exists;
    }
}
