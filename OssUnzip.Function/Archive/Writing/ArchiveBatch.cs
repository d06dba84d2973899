using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// Consecutive entries one reader expands through one ZipArchive view and, usually, one ranged GET.
/// <see cref="DataLimits"/> says, per entry, where its data must end (the next local header in the
/// archive, written or not, or the central directory), as a declared offset; <see cref="DataEnd"/> is the
/// last entry's.
/// </summary>
internal sealed record ArchiveBatch(IReadOnlyList<PlannedEntry> Entries, IReadOnlyList<long> DataLimits)
{
    public long DataEnd => DataLimits[^1];

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

    private static ArchiveBatch Close(List<PlannedEntry> entries, long[] offsets, long directoryOffset) =>
        new(entries, [.. entries.Select(e => LimitOf(e.Entry.LocalHeaderOffset, offsets, directoryOffset))]);

    /// <summary>The first local-header offset after <paramref name="offset"/>, or the directory's.</summary>
    internal static long LimitOf(long offset, long[] offsets, long directoryOffset)
    {
        var index = Array.BinarySearch(offsets, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        while (index + 1 < offsets.Length && offsets[index + 1] <= offset)
        {
            index++;
        }

        return index + 1 < offsets.Length ? offsets[index + 1] : directoryOffset;
    }
}
