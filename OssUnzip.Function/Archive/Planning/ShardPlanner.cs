namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// Cuts a plan's writes into shards that separate processes can expand. Pure: the same plan and limits
/// always give the same shards, so every shard runner re-derives its entries from the job record's ranges.
/// Invariants: shards are consecutive ranges in archive order covering every write exactly once; the
/// shard count is the least that keeps compressed bytes, uncompressed bytes and entries each at or under
/// their target per shard, and entries are spread so every shard carries about the same share of the
/// heaviest of the three; an entry of at least <see cref="ShardLimits.ShardBytes"/> is a shard of its
/// own; no object needs more than <see cref="MaxPartsPerObject"/> parts (S3 and OSS allow no more,
/// docs/facts.md §14), else the archive is rejected naming the entry.
/// </summary>
internal static class ShardPlanner
{
    public const int MaxPartsPerObject = 10_000;

    public static IReadOnlyList<ShardRange> Plan(IReadOnlyList<PlannedEntry> writes, ShardLimits limits)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.ShardBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.ShardEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.PartSizeBytes);

        CheckParts(writes, limits.PartSizeBytes);
        long totalCompressed = 0, totalUncompressed = 0;
        foreach (var write in writes)
        {
            totalCompressed += write.Entry.CompressedSize;
            totalUncompressed += write.Entry.UncompressedSize;
        }

        if (writes.Count == 0)
        {
            return [];
        }

        // Each entry's weight is its heaviest share of one shard's quota (entries, compressed, uncompressed
        // bytes, each spread evenly over the least shard count that meets every target). Shards are cut
        // where the running weight crosses a multiple of the mean, at the entry's midpoint, so no shard
        // is left short at the end and each carries about one quota in its heaviest dimension.
        var least = Math.Max(1, Math.Max(CeilDiv(writes.Count, limits.ShardEntries), Math.Max(CeilDiv(totalCompressed, limits.ShardBytes), CeilDiv(totalUncompressed, limits.ShardBytes))));
        var perShardEntries = (double)writes.Count / least;
        var perShardCompressed = Math.Max(1.0, (double)totalCompressed / least);
        var perShardUncompressed = Math.Max(1.0, (double)totalUncompressed / least);
        double Weight(PlannedEntry w) => Math.Max(1 / perShardEntries, Math.Max(w.Entry.CompressedSize / perShardCompressed, w.Entry.UncompressedSize / perShardUncompressed));
        var totalWeight = writes.Sum(Weight);
        var mean = totalWeight / Math.Max(least, (int)Math.Ceiling(totalWeight - 1e-9));

        var shards = new List<ShardRange>();
        int first = 0, taken = 0;
        long compressed = 0, uncompressed = 0;
        double running = 0, boundary = mean;
        void Close()
        {
            if (taken > 0)
            {
                shards.Add(new ShardRange(shards.Count, first, taken, compressed, uncompressed));
            }

            first += taken;
            taken = 0;
            compressed = uncompressed = 0;
        }

        foreach (var write in writes)
        {
            var huge = Math.Max(write.Entry.UncompressedSize, write.Entry.CompressedSize) >= limits.ShardBytes;
            var weight = Weight(write);
            var middle = running + (weight / 2);
            if (huge || (taken > 0 && middle > boundary))
            {
                Close();
                while (boundary < middle)
                {
                    boundary += mean;
                }
            }

            taken++;
            compressed += write.Entry.CompressedSize;
            uncompressed += write.Entry.UncompressedSize;
            running += weight;
            if (huge)
            {
                Close();
                boundary = running + mean;
            }
        }

        Close();
        return shards;
    }

    /// <summary>Throws <see cref="ArchiveRejectedException"/> (limit-exceeded, naming the entry) when an object would need more than <see cref="MaxPartsPerObject"/> parts.</summary>
    public static void CheckParts(IReadOnlyList<PlannedEntry> writes, int partSizeBytes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partSizeBytes);
        foreach (var write in writes)
        {
            if (PartsFor(write.Entry.UncompressedSize, partSizeBytes) > MaxPartsPerObject)
            {
                throw new ArchiveRejectedException(
                    ArchiveRejectionCodes.LimitExceeded,
                    $"Entry '{write.Name}' ({write.Entry.UncompressedSize} bytes) would need more than {MaxPartsPerObject} parts of {partSizeBytes} bytes; raise Archive:PartSizeBytes.",
                    [write.Name]);
            }
        }
    }

    /// <summary>
    /// Cuts the writes into exactly <paramref name="count"/> consecutive ranges in archive order (a job whose
    /// shard count was fixed before its plan existed: decision 0036). Each write weighs its largest share of
    /// the totals (1/writes, its compressed and its uncompressed bytes over theirs); cut k falls before the
    /// first write whose weight midpoint reaches k/count of the total weight. So every range carries about
    /// the same share of the heaviest dimension, an entry heavier than a range's share is a range of its
    /// own where the count allows, and with more ranges than writes the surplus ranges are empty. Pure and
    /// deterministic: every shard derives the same ranges from the same plan.
    /// </summary>
    public static IReadOnlyList<ShardRange> Split(IReadOnlyList<PlannedEntry> writes, int count)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        long totalCompressed = 0, totalUncompressed = 0;
        foreach (var write in writes)
        {
            totalCompressed += write.Entry.CompressedSize;
            totalUncompressed += write.Entry.UncompressedSize;
        }

        var shareEntry = writes.Count == 0 ? 0 : 1.0 / writes.Count;
        double Weight(PlannedEntry w) => Math.Max(
            shareEntry,
            Math.Max(totalCompressed == 0 ? 0 : (double)w.Entry.CompressedSize / totalCompressed, totalUncompressed == 0 ? 0 : (double)w.Entry.UncompressedSize / totalUncompressed));
        var totalWeight = 0.0;
        foreach (var write in writes)
        {
            totalWeight += Weight(write);
        }

        var shards = new List<ShardRange>(count);
        int first = 0, next = 0;
        double running = 0;
        for (var k = 1; k <= count; k++)
        {
            var boundary = totalWeight * k / count;
            long compressed = 0, uncompressed = 0;
            while (next < writes.Count && (k == count || running + (Weight(writes[next]) / 2) < boundary))
            {
                var write = writes[next];
                running += Weight(write);
                compressed += write.Entry.CompressedSize;
                uncompressed += write.Entry.UncompressedSize;
                next++;
            }

            shards.Add(new ShardRange(k - 1, first, next - first, compressed, uncompressed));
            first = next;
        }

        return shards;
    }

    /// <summary>
    /// The shard count of a job planned by its shards, from what is known without the plan (decision 0036):
    /// max(1, ceil(entries / <paramref name="shardEntries"/>), ceil(archive bytes / <paramref name="shardBytes"/>)),
    /// where entries is the end record's declared count capped at <paramref name="maxEntries"/> (a lying end
    /// record sizes the job at most for the largest archive accepted; the shards' directory read rejects it).
    /// </summary>
    public static int CountBeforePlan(long? declaredEntries, long archiveBytes, int maxEntries, int shardEntries, long shardBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardBytes);
        var entries = Math.Clamp(declaredEntries ?? 0, 0, Math.Max(0, maxEntries));
        var byEntries = (entries + shardEntries - 1) / shardEntries;
        var byBytes = (Math.Max(0, archiveBytes) + shardBytes - 1) / shardBytes;
        return (int)Math.Min(int.MaxValue, Math.Max(1, Math.Max(byEntries, byBytes)));
    }

    /// <summary>Parts an object of <paramref name="size"/> bytes is uploaded in (1 for a single PUT).</summary>
    public static long PartsFor(long size, int partSizeBytes) => size <= partSizeBytes ? 1 : CeilDiv(size, partSizeBytes);

    private static int CeilDiv(long value, long divisor) => (int)Math.Min(int.MaxValue, (value + divisor - 1) / divisor);
}
