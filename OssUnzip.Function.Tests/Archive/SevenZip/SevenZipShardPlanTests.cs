using OssUnzip.Function.Archive.SevenZip;

namespace OssUnzip.Function.Tests.Archive.SevenZip;

[TestFixture]
public sealed class SevenZipShardPlanTests
{
    [Test]
    public void Split_FoldersAroundTheTarget_ContiguousRangesAndAHeavyFolderAlone()
    {
        var folders = new[] { 10L, 10, 10, 100, 10 }.Select(Folder).ToList();

        var ranges = SevenZipShardPlan.Split(folders, 25);

        Assert.That(ranges, Is.EqualTo(new[] { new SevenZipFolderRange(0, 2), new SevenZipFolderRange(2, 1), new SevenZipFolderRange(3, 1), new SevenZipFolderRange(4, 1) }));
    }

    [Test]
    public void Split_AllUnderTheTarget_OneRange()
    {
        var ranges = SevenZipShardPlan.Split([.. new[] { 1L, 2, 3 }.Select(Folder)], 1_000);

        Assert.That(ranges, Is.EqualTo(new[] { new SevenZipFolderRange(0, 3) }));
    }

    [Test]
    public void Split_NoFolders_NoRanges()
    {
        Assert.That(SevenZipShardPlan.Split([], 10), Is.Empty);
    }

    [Test]
    public void Weight_PackedAndUnpackedBytes_Summed()
    {
        var folder = new SevenZipLayoutFolder(Array.Empty<byte>(), 0, 1, [30], 30, []) { PackedBytes = 12 };

        Assert.That(SevenZipShardPlan.Weight(folder), Is.EqualTo(42));
    }

    /// <summary>A folder of <paramref name="weight"/>: half packed, half unpacked.</summary>
    private static SevenZipLayoutFolder Folder(long weight) => new(Array.Empty<byte>(), 0, 1, [weight - (weight / 2)], weight - (weight / 2), []) { PackedBytes = weight / 2 };
}
