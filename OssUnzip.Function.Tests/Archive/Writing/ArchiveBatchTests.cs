using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Writing;

public sealed class ArchiveBatchTests
{
    private static PlannedEntry Planned(ZipCentralEntry entry) => new(entry, entry.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), "unzip/x/", entry.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), "application/octet-stream");

    /// <summary>Entries of the given compressed sizes at offsets 0, 100, 200, …; the directory after the last.</summary>
    private static ZipLayout Layout(params long[] compressedSizes)
    {
        var entries = compressedSizes.Select((size, i) => CentralEntries.Create(i, "e" + i, i * 100L, size, size)).ToList();
        return new ZipLayout(entries, compressedSizes.Length * 100L, 0, (compressedSizes.Length * 100L) + 22);
    }

    private static List<PlannedEntry> AllOf(ZipLayout layout) => [.. layout.Entries.Select(Planned)];

    /// <summary>Entry indexes per batch, e.g. "0,1 | 2".</summary>
    private static string Indexes(IReadOnlyList<ArchiveBatch> batches) =>
        string.Join(" | ", batches.Select(b => string.Join(',', b.Entries.Select(e => e.Entry.Index))));

    private static string Ends(IReadOnlyList<ArchiveBatch> batches) => string.Join(',', batches.Select(b => b.DataEnd));

    [Test]
    public void Split_ByteLimit_ClosesABatchBeforeItIsExceeded()
    {
        var layout = Layout(40, 40, 40);

        var batches = ArchiveBatch.Split(layout, AllOf(layout), maxBytes: 100, maxEntries: 10);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Indexes(batches), Is.EqualTo("0,1 | 2"));
            Assert.That(Ends(batches), Is.EqualTo("200,300"), "next entry's offset, then the directory offset");
        }
    }

    [Test]
    public void Split_BytesExactlyAtTheLimit_StayInOneBatch()
    {
        var layout = Layout(50, 50);

        var batches = ArchiveBatch.Split(layout, AllOf(layout), maxBytes: 100, maxEntries: 10);

        Assert.That(batches, Has.Count.EqualTo(1));
    }

    [Test]
    public void Split_EntryLimit_CapsEntriesPerBatch()
    {
        var layout = Layout(1, 1, 1, 1, 1);

        var batches = ArchiveBatch.Split(layout, AllOf(layout), maxBytes: 1_000_000, maxEntries: 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Indexes(batches), Is.EqualTo("0,1 | 2,3 | 4"));
            Assert.That(Ends(batches), Is.EqualTo("200,400,500"));
        }
    }

    [Test]
    public void Split_EntryLargerThanByteLimit_IsABatchOfItsOwn()
    {
        var layout = Layout(10, 90, 10);

        var batches = ArchiveBatch.Split(layout, AllOf(layout), maxBytes: 50, maxEntries: 10);

        Assert.That(Indexes(batches), Is.EqualTo("0 | 1 | 2"));
    }

    [Test]
    public void Split_NextEntryNotWritten_EndsAtItsOffsetAnyway()
    {
        var layout = Layout(10, 0, 10);
        List<PlannedEntry> writes = [Planned(layout.Entries[0]), Planned(layout.Entries[2])];

        var batches = ArchiveBatch.Split(layout, writes, maxBytes: 1000, maxEntries: 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Indexes(batches), Is.EqualTo("0 | 2"));
            Assert.That(Ends(batches), Is.EqualTo("100,300"));
        }
    }

    [Test]
    public void Split_DirectoryListsEntriesOutOfDataOrder_EndIsTheNextOffsetInTheFile()
    {
        var entries = new[]
        {
            CentralEntries.Create(0, "late", 500, 10, 10),
            CentralEntries.Create(1, "early", 0, 10, 10),
            CentralEntries.Create(2, "middle", 250, 10, 10),
        };
        var layout = new ZipLayout(entries, 900, 0, 1000);
        List<PlannedEntry> writes = [Planned(entries[1]), Planned(entries[2]), Planned(entries[0])];

        var batches = ArchiveBatch.Split(layout, writes, maxBytes: 1000, maxEntries: 1);

        Assert.That(Ends(batches), Is.EqualTo("250,500,900"));
    }

    [Test]
    public void Split_NoWrites_NoBatches()
    {
        var layout = Layout(10);

        var batches = ArchiveBatch.Split(layout, [], maxBytes: 100, maxEntries: 10);

        Assert.That(batches, Is.Empty);
    }
}
