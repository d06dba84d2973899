using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// Consecutive entries one reader expands through one ZipArchive view and, usually, one ranged GET.
/// <see cref="DataEnd"/> is where the last entry's data must end (the next entry's header or the
/// central directory), as a declared offset.
/// </summary>
internal sealed record ArchiveBatch(IReadOnlyList<PlannedEntry> Entries, long DataEnd)
{
    /// <summary>
    /// Splits the writes (in data order) into batches of at most <paramref name="maxBytes"/> compressed
    /// bytes or <paramref name="maxEntries"/> entries; an entry larger than maxBytes is a batch of its own.
    /// </summary>
    public static IReadOnlyList<ArchiveBatch> Split(ZipLayout layout, IReadOnlyList<PlannedEntry> writes, long maxBytes, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(writes);
        var offsets = layout.Entries.Select(e => e.LocalHeaderOffset).Order().ToArray();
        var batches = new List<ArchiveBatch>();
        var current = new List<PlannedEntry>();
        long bytes = 0;
        foreach (var write in writes)
        {
            if (current.Count > 0 && (current.Count >= maxEntries || bytes + write.Entry.CompressedSize > maxBytes))
            {
                batches.Add(Close(current, offsets, layout.CentralDirectoryOffset));
                current = [];
                bytes = 0;
            }

            current.Add(write);
            bytes += write.Entry.CompressedSize;
        }

        if (current.Count > 0)
        {
            batches.Add(Close(current, offsets, layout.CentralDirectoryOffset));
        }

        return batches;
    }

    private static ArchiveBatch Close(List<PlannedEntry> entries, long[] offsets, long directoryOffset)
    {
        var last = entries[^1].Entry.LocalHeaderOffset;
        var index = Array.BinarySearch(offsets, last);
        while (index + 1 < offsets.Length && offsets[index + 1] == last)
        {
            index++;
        }

        var end = index + 1 < offsets.Length ? offsets[index + 1] : directoryOffset;
        return new ArchiveBatch(entries, end);
    }
}
