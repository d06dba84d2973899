using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Archive;

/// <summary>
/// A job shard keeps only its range of the plan (<see cref="ArchiveExpansion.KeepRange"/>, decision
/// 0037): the same writes as the whole plan's range, the same data limits for the writer, and nothing
/// that holds the directory as read. The archive is ZipBuilder-made in memory: 10 files, with a folder
/// and macOS metadata (planned but not written) between them, so a range can end just before an entry
/// that is not a write.
/// </summary>
public sealed class PlannedRangeTests
{
    private const string Folder = "unzip/x/";

    private static ZipBuilder Archive()
    {
        var zip = new ZipBuilder();
        for (var i = 0; i < 10; i++)
        {
            zip.File($"d/f{i}.bin", TestData.Random(500 + (i * 100), i), i % 2 == 0 ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
            if (i == 2)
            {
                zip.Directory("d/sub");
            }

            if (i == 5)
            {
                zip.File("__MACOSX/d/._f5.bin", TestData.Random(80, 99));
            }
        }

        return zip;
    }

    private static async Task<PlannedArchive> PlanAsync()
    {
        var bytes = Archive().Build();
        var layout = await ZipDirectoryReader.ReadAsync(new MemoryStream(bytes, writable: false), 1000, 1 << 20, CancellationToken.None);
        var plan = new ExpansionPlanner(Options.Create(new ArchiveOptions())).Plan(layout, Folder);
        var source = new ArchiveSource("b", "zip/x.zip", new ObjectVersion(bytes.Length, "\"e\""));
        return new PlannedArchive(source, new ExpansionTarget("b", Folder), layout, plan, plan.Writes, [], 0, 1, DateTimeOffset.UnixEpoch);
    }

    private static IReadOnlyList<long> DataLimits(ZipLayout layout, IReadOnlyList<PlannedEntry> writes) =>
        [.. ArchiveBatch.Split(layout, writes, long.MaxValue, int.MaxValue).SelectMany(b => b.DataLimits)];

    [TestCase(0, 3)]
    [TestCase(2, 4)]
    [TestCase(5, 1)]
    [TestCase(7, 3)]
    [TestCase(0, 10)]
    [TestCase(4, 0)]
    public async Task KeepRange_ShardRange_SameWritesAndDataLimitsAsTheWholePlan(int first, int count)
    {
        // Arrange
        var planned = await PlanAsync();
        var expected = planned.Plan.Writes.Skip(first).Take(count).ToList();

        // Act
        var kept = ArchiveExpansion.KeepRange(planned, first, count);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(planned.Plan.Writes, Has.Count.EqualTo(10), "the folder and the metadata are not writes");
            Assert.That(kept.Writes.Select(w => w.Key), Is.EqualTo(expected.Select(w => w.Key)));
            Assert.That(kept.Plan.Writes.Select(w => w.Key), Is.EqualTo(expected.Select(w => w.Key)));
            Assert.That(kept.Writes.Select(w => (w.Name, w.ContentType, w.Entry.Index, w.Entry.LocalHeaderOffset, w.Entry.Crc32, w.Entry.CompressedSize)), Is.EqualTo(expected.Select(w => (w.Name, w.ContentType, w.Entry.Index, w.Entry.LocalHeaderOffset, w.Entry.Crc32, w.Entry.CompressedSize))));
            Assert.That(kept.Writes.Select(w => w.Entry.Record.ToArray()), Is.EqualTo(expected.Select(w => w.Entry.Record.ToArray())), "the records' bytes (times, extra fields) the writer reads");
            Assert.That(DataLimits(kept.Layout, kept.Writes), Is.EqualTo(DataLimits(planned.Layout, expected)), "each write's data ends where it does in the whole archive");
            Assert.That(kept.Layout.Entries, Has.Count.LessThanOrEqualTo(count + 3), "only the records around the range");
            Assert.That((kept.Layout.CentralDirectoryOffset, kept.Layout.PrefixLength, kept.Source, kept.Target, kept.Passwords), Is.EqualTo((planned.Layout.CentralDirectoryOffset, planned.Layout.PrefixLength, planned.Source, planned.Target, planned.Passwords)));
        }
    }

    [Test]
    public async Task KeepRange_ShardRange_RecordsCopiedOutOfTheDirectory()
    {
        // Arrange
        var planned = await PlanAsync();

        // Act
        var kept = ArchiveExpansion.KeepRange(planned, 3, 4);

        // Assert
        Assert.That(
            kept.Layout.Entries.Select(e => MemoryMarshal.TryGetArray(e.Record, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length),
            Is.All.True,
            "each kept record is an array of its own, not a slice of the directory buffer");
    }

    [Test]
    public async Task KeepRange_WholePlanDropped_DirectoryBufferCollected()
    {
        // Arrange
        var (kept, directory) = await KeepRangeOfDroppedPlanAsync();

        // Act
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Assert
        Assert.That(directory.IsAlive, Is.False, "the range holds nothing of the directory as read");
        GC.KeepAlive(kept);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(PlannedArchive Kept, WeakReference Directory)> KeepRangeOfDroppedPlanAsync()
    {
        var planned = await PlanAsync();
        return (ArchiveExpansion.KeepRange(planned, 2, 5), DirectoryBufferOf(planned));
    }

    private static WeakReference DirectoryBufferOf(PlannedArchive planned) =>
        MemoryMarshal.TryGetArray(planned.Layout.Entries[0].Record, out var segment) ? new WeakReference(segment.Array) : throw new InvalidOperationException("the directory is not an array");

    [TestCase(-1, 1)]
    [TestCase(0, 11)]
    [TestCase(9, 2)]
    public async Task KeepRange_RangeOutsideThePlan_Throws(int first, int count)
    {
        // Arrange
        var planned = await PlanAsync();

        // Act / Assert
        Assert.That(() => ArchiveExpansion.KeepRange(planned, first, count), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
