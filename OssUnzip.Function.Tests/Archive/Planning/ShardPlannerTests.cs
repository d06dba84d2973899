using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Planning;

public sealed class ShardPlannerTests
{
    private const long MiB = 1 << 20;

    private static readonly int[] FiveEqualShards = [20, 20, 20, 20, 20];
    private static readonly string[] SecondEntry = ["e1"];

    private static readonly ShardLimits Limits = new(ShardBytes: 100 * MiB, ShardEntries: 1000, PartSizeBytes: 8 << 20);

    private static PlannedEntry Entry(int index, long compressed, long uncompressed) =>
        new(new ZipCentralEntry(index, 20, 0, 0, 0, compressed, uncompressed, 0, 0, new byte[ZipHeaderFields.Central.FixedSize]), $"e{index}", "unzip/x/", $"e{index}", "application/octet-stream");

    private static List<PlannedEntry> Entries(int count, long compressed, long uncompressed) =>
        [.. Enumerable.Range(0, count).Select(i => Entry(i, compressed, uncompressed))];

    private static void AssertCoversInOrder(IReadOnlyList<ShardRange> shards, int writes)
    {
        var next = 0;
        for (var i = 0; i < shards.Count; i++)
        {
            Assert.That((shards[i].Index, shards[i].First), Is.EqualTo((i, next)), $"shard {i}");
            Assert.That(shards[i].Count, Is.Positive);
            next += shards[i].Count;
        }

        Assert.That(next, Is.EqualTo(writes));
    }

    [Test]
    public void Plan_NoWrites_NoShards()
    {
        Assert.That(ShardPlanner.Plan([], Limits), Is.Empty);
    }

    [Test]
    public void Plan_UnderEveryTarget_OneShard()
    {
        var writes = Entries(10, MiB, 2 * MiB);

        var shards = ShardPlanner.Plan(writes, Limits);

        Assert.That(shards.Single(), Is.EqualTo(new ShardRange(0, 0, 10, 10 * MiB, 20 * MiB)));
    }

    [Test]
    public void Plan_EqualEntriesOverTheByteTarget_BalancedByUncompressedBytes()
    {
        var writes = Entries(100, MiB, 5 * MiB);

        var shards = ShardPlanner.Plan(writes, Limits);

        AssertCoversInOrder(shards, 100);
        Assert.That(shards.Select(s => s.UncompressedBytes), Is.All.LessThanOrEqualTo(100 * MiB));
        Assert.That(shards.Select(s => s.Count), Is.EqualTo(FiveEqualShards));
    }

    [Test]
    public void Plan_WellCompressedEntries_BalancedByCompressedBytesToo()
    {
        // Stored entries: compressed = uncompressed, so the compressed target cuts as often.
        var writes = Entries(60, 5 * MiB, 5 * MiB);

        var shards = ShardPlanner.Plan(writes, Limits);

        AssertCoversInOrder(shards, 60);
        Assert.That(shards.Select(s => s.CompressedBytes), Is.All.LessThanOrEqualTo(100 * MiB));
        Assert.That(shards, Has.Count.EqualTo(3));
    }

    [Test]
    public void Plan_ManySmallEntries_BalancedByEntryCount()
    {
        var writes = Entries(3500, 1000, 4000);

        var shards = ShardPlanner.Plan(writes, Limits);

        AssertCoversInOrder(shards, 3500);
        Assert.That(shards, Has.Count.EqualTo(4));
        Assert.That(shards.Select(s => s.Count), Is.All.InRange(874, 876));
    }

    [Test]
    public void Plan_MixedSizes_NoShardCarriesMoreThanTwiceTheMean()
    {
        var random = new Random(7);
        var writes = Enumerable.Range(0, 2000).Select(i => Entry(i, random.Next(1, 400_000), random.Next(400_000, 4_000_000))).ToList();

        var shards = ShardPlanner.Plan(writes, Limits);

        AssertCoversInOrder(shards, 2000);
        var mean = shards.Average(s => (double)s.UncompressedBytes);
        Assert.That(shards.Select(s => (double)s.UncompressedBytes), Is.All.InRange(mean * 0.5, mean * 1.5));
    }

    [Test]
    public void Plan_HugeEntryAmongSmallOnes_IsAShardOfItsOwn()
    {
        List<PlannedEntry> writes = [.. Entries(5, MiB, MiB), Entry(5, 300 * MiB, 300 * MiB), .. Enumerable.Range(6, 5).Select(i => Entry(i, MiB, MiB))];

        var shards = ShardPlanner.Plan(writes, Limits);

        AssertCoversInOrder(shards, 11);
        Assert.That(shards.Single(s => s.First == 5).Count, Is.EqualTo(1));
        Assert.That(shards.Single(s => s.First == 5).UncompressedBytes, Is.EqualTo(300 * MiB));
    }

    [Test]
    public void Plan_EntryOfExactlyTenThousandParts_Accepted()
    {
        var writes = new[] { Entry(0, 8L << 20, 10_000L * (8 << 20)) };

        var shards = ShardPlanner.Plan(writes, Limits);

        Assert.That(shards, Has.Count.EqualTo(1));
        Assert.That(ShardPlanner.PartsFor(10_000L * (8 << 20), 8 << 20), Is.EqualTo(10_000));
    }

    [Test]
    public void Plan_EntryNeedingMoreThanTenThousandParts_RejectedNamingIt()
    {
        var writes = new[] { Entry(0, MiB, MiB), Entry(1, 8L << 20, (10_000L * (8 << 20)) + 1) };

        var e = Assert.Throws<ArchiveRejectedException>(() => ShardPlanner.Plan(writes, Limits));

        Assert.That(e!.Code, Is.EqualTo(ArchiveRejectionCodes.LimitExceeded));
        Assert.That(e.Entries, Is.EqualTo(SecondEntry));
    }
}
