using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Planning;

/// <summary><see cref="ShardPlanner.Split"/>: the ranges a job's shards derive from their own plan (decision 0036).</summary>
public sealed class ShardPlannerSplitTests
{
    private const long MiB = 1 << 20;

    private static readonly int[] ThreeFourThree = [3, 4, 3];
    private static readonly int[] HugeAlone = [50, 1, 50];
    private static readonly string[] SecondEntry = ["e1"];

    private static PlannedEntry Entry(int index, long compressed, long uncompressed) =>
        new(new ZipCentralEntry(index, 20, 0, 0, 0, compressed, uncompressed, 0, 0, new byte[ZipHeaderFields.Central.FixedSize]), $"e{index}", "unzip/x/", $"e{index}", "application/octet-stream");

    private static List<PlannedEntry> Entries(int count, long compressed, long uncompressed) =>
        [.. Enumerable.Range(0, count).Select(i => Entry(i, compressed, uncompressed))];

    private static void AssertExactlyCoversInOrder(IReadOnlyList<ShardRange> shards, int count, List<PlannedEntry> writes)
    {
        Assert.That(shards, Has.Count.EqualTo(count));
        var next = 0;
        for (var i = 0; i < shards.Count; i++)
        {
            Assert.That((shards[i].Index, shards[i].First), Is.EqualTo((i, next)), $"shard {i}");
            var range = writes.Skip(shards[i].First).Take(shards[i].Count).ToList();
            Assert.That((shards[i].CompressedBytes, shards[i].UncompressedBytes), Is.EqualTo((range.Sum(w => w.Entry.CompressedSize), range.Sum(w => w.Entry.UncompressedSize))), $"shard {i} bytes");
            next += shards[i].Count;
        }

        Assert.That(next, Is.EqualTo(writes.Count));
    }

    [Test]
    public void Split_EqualEntries_ExactlyNBalancedRanges()
    {
        var writes = Entries(10, 0, 0);

        var shards = ShardPlanner.Split(writes, 3);

        AssertExactlyCoversInOrder(shards, 3, writes);
        Assert.That(shards.Select(s => s.Count), Is.EqualTo(ThreeFourThree));
    }

    [Test]
    public void Split_ManyEntriesOfMixedSizes_EveryRangeNearItsShareOfTheHeaviestDimension()
    {
        var writes = Enumerable.Range(0, 10_000).Select(i => Entry(i, 1000 + (i % 17 * 100), 3000 + (i % 13 * 500))).ToList();
        var total = writes.Sum(w => w.Entry.UncompressedSize);

        var shards = ShardPlanner.Split(writes, 7);

        AssertExactlyCoversInOrder(shards, 7, writes);
        Assert.That(shards.Select(s => s.Count), Is.All.InRange(10_000 / 7 - 50, 10_000 / 7 + 50));
        Assert.That(shards.Select(s => (double)s.UncompressedBytes / total), Is.All.InRange(1.0 / 7 * 0.95, 1.0 / 7 * 1.05));
    }

    [Test]
    public void Split_SamePlanTwice_SameRanges()
    {
        var writes = Enumerable.Range(0, 5000).Select(i => Entry(i, i % 7 * 11, i % 5 * MiB)).ToList();
        var copy = Enumerable.Range(0, 5000).Select(i => Entry(i, i % 7 * 11, i % 5 * MiB)).ToList();

        Assert.That(ShardPlanner.Split(copy, 9), Is.EqualTo(ShardPlanner.Split(writes, 9)));
    }

    [Test]
    public void Split_HugeEntryAmongSmallOnes_HugeEntryIsARangeOfItsOwn()
    {
        List<PlannedEntry> writes = [.. Entries(50, MiB, MiB), Entry(50, 1000 * MiB, 1000 * MiB), .. Enumerable.Range(51, 50).Select(i => Entry(i, MiB, MiB))];

        var shards = ShardPlanner.Split(writes, 3);

        AssertExactlyCoversInOrder(shards, 3, writes);
        Assert.That(shards.Select(s => s.Count), Is.EqualTo(HugeAlone));
        Assert.That(shards[1].UncompressedBytes, Is.EqualTo(1000 * MiB));
    }

    [Test]
    public void Split_MoreRangesThanWrites_ExactlyNRangesTheSurplusEmpty()
    {
        var writes = Entries(3, 10, 10);

        var shards = ShardPlanner.Split(writes, 8);

        AssertExactlyCoversInOrder(shards, 8, writes);
        Assert.That(shards.Count(s => s.Count == 1), Is.EqualTo(3));
        Assert.That(shards.Count(s => s.Count == 0), Is.EqualTo(5));
    }

    [Test]
    public void Split_NoWrites_NEmptyRanges()
    {
        var shards = ShardPlanner.Split([], 4);

        AssertExactlyCoversInOrder(shards, 4, []);
    }

    [Test]
    public void Split_ZeroRanges_Throws()
    {
        Assert.That(() => ShardPlanner.Split(Entries(2, 1, 1), 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void CheckParts_ObjectOfMoreThanTenThousandParts_RejectedNamingTheEntry()
    {
        List<PlannedEntry> writes = [Entry(0, 10, 10), Entry(1, 10, (10_000L * MiB) + 1)];

        var thrown = Assert.Throws<ArchiveRejectedException>(() => ShardPlanner.CheckParts(writes, (int)MiB));

        Assert.That(thrown!.Code, Is.EqualTo(ArchiveRejectionCodes.LimitExceeded));
        Assert.That(thrown.Entries, Is.EqualTo(SecondEntry));
        Assert.That(() => ShardPlanner.CheckParts(writes, 2 * (int)MiB), Throws.Nothing);
    }

    [TestCase(null, 10L, 1)]
    [TestCase(0L, 0L, 1)]
    [TestCase(40_000L, 50_000L, 2)]
    [TestCase(40_001L, 50_000L, 3)]
    [TestCase(1_000_000L, 100L * MiB, 50)]
    [TestCase(10L, 5L << 30, 5)]
    [TestCase(long.MaxValue, 10L, 50)]
    [TestCase(-5L, 10L, 1)]
    public void CountBeforePlan_EndRecordAndSize_MostOfEntriesAndBytesPerShardCappedAtMaxEntries(long? declared, long bytes, int expected)
    {
        Assert.That(ShardPlanner.CountBeforePlan(declared, bytes, maxEntries: 1_000_000, shardEntries: 20_000, shardBytes: 1L << 30), Is.EqualTo(expected));
    }
}
