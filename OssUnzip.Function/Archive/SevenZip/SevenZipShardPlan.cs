namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>
/// Splits a 7z's folders (solid blocks) into contiguous ranges, each one shard's work: a range is
/// closed when adding the next folder would take its weight (packed bytes read plus unpacked bytes
/// decoded and written) past <c>targetWeight</c>, so a folder heavier than the target is a shard of
/// its own and folders are never split (docs/facts.md §24, decision 0035). Pure: the same layout and
/// target give the same ranges on every run.
/// </summary>
internal static class SevenZipShardPlan
{
    public static IReadOnlyList<SevenZipFolderRange> Split(IReadOnlyList<SevenZipLayoutFolder> folders, long targetWeight)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWeight);
        var ranges = new List<SevenZipFolderRange>();
        var (first, weight) = (0, 0L);
        for (var i = 0; i < folders.Count; i++)
        {
            var folderWeight = Weight(folders[i]);
            if (i > first && weight + folderWeight > targetWeight)
            {
                ranges.Add(new SevenZipFolderRange(first, i - first));
                (first, weight) = (i, 0);
            }

            weight += folderWeight;
        }

        if (folders.Count > 0)
        {
            ranges.Add(new SevenZipFolderRange(first, folders.Count - first));
        }

        return ranges;
    }

    /// <summary>A folder's share of the work: its packed bytes (read) plus its unpacked bytes (decoded and written).</summary>
    public static long Weight(SevenZipLayoutFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.PackedBytes + folder.UnpackSize;
    }
}

/// <summary>Folders <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> - 1 of a 7z.</summary>
internal readonly record struct SevenZipFolderRange(int First, int Count)
{
    public bool Contains(int folder) => folder >= First && folder < First + Count;
}
