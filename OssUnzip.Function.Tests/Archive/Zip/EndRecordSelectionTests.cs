using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Tests.Infrastructure;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// Issue 18 §1 and §4 (cases fake-end-record and end-record-count-zero, and more of their kinds): which
/// end record describes the archive, and what is done when end records disagree with the directory.
/// </summary>
public sealed class EndRecordSelectionTests
{
    private static readonly string[] SampleNames = ["one.txt", "two.bin", "dir/three.txt"];
    private static readonly string[] OuterNames = ["one.txt", "inner.zip"];

    private static Task<ZipLayout> ReadAsync(byte[] archive) =>
        ZipDirectoryReader.ReadAsync(new MemoryStream(archive, writable: false), 1000, 1 << 20, CancellationToken.None);

    private static string NameOf(ZipCentralEntry entry) => Encoding.UTF8.GetString(entry.RawName.Span);

    private static byte[] Sample() => new ZipBuilder()
        .File("one.txt", TestData.Text(300, seed: 1))
        .File("two.bin", TestData.Random(200, seed: 2), CompressionLevel.NoCompression)
        .File("dir/three.txt", TestData.Text(500, seed: 3))
        .Build();

    /// <summary>An end record of 22 bytes with these values and no comment.</summary>
    private static byte[] EndRecord(ushort entries, uint size, uint offset, ushort commentLength = 0)
    {
        var end = new byte[End.FixedSize];
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(End.Signature), ZipSignatures.EndOfCentralDirectory);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(End.EntriesOnDisk), entries);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(End.Entries), entries);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(End.DirectorySize), size);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(End.DirectoryOffset), offset);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(End.CommentLength), commentLength);
        return end;
    }

    /// <summary>The archive with <paramref name="comment"/> as its comment (the real end record's length field set to reach the end).</summary>
    private static byte[] WithComment(byte[] archive, byte[] comment)
    {
        var result = (byte[])[.. archive, .. comment];
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(archive.Length - 2), (ushort)comment.Length);
        return result;
    }

    [Test]
    public async Task ReadAsync_FakeEndRecordCase_ChoosesTheRealDirectory()
    {
        var layout = await ReadAsync(SharedCases.Input(SharedCases.FakeEndRecord));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries.Select(NameOf), Is.EquivalentTo(SharedCases.FakeEndRecordOutput.Keys));
            Assert.That(layout.PrefixLength, Is.Zero);
            Assert.That(layout.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordChosen }));
        }
    }

    [Test]
    public async Task ReadAsync_FakeEndRecordCaseThroughTheReadPath_GivesTheReadmeContent()
    {
        var reading = await ViewPipeline.ReadAsync(SharedCases.Input(SharedCases.FakeEndRecord));

        var byName = reading.Layout.Entries.ToDictionary(NameOf, e => reading.Contents[e.Index]);
        Assert.That(byName, Is.EquivalentTo(SharedCases.FakeEndRecordOutput));
    }

    [Test]
    public async Task ReadAsync_EndRecordCountZeroCase_ReadsTheFourRecordsAndNotesTheCount()
    {
        var reading = await ViewPipeline.ReadAsync(SharedCases.Input(SharedCases.EndRecordCountZero));

        var byName = reading.Layout.Entries.ToDictionary(e => NameOf(e)["BaseSynchronousData/".Length..], e => reading.Contents[e.Index]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(byName, Is.EquivalentTo(SharedCases.EndRecordCountZeroOutput));
            Assert.That(reading.Layout.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordMismatch }));
            Assert.That(reading.Layout.Notes[0].Message, Does.Contain("declares 0 entries").And.Contain("holds 4"));
        }
    }

    [Test]
    public async Task ReadAsync_FakeEndRecordClaimingEntriesAtGarbage_ChoosesTheRealDirectory()
    {
        // A forged record of 2 entries whose "directory" is 60 bytes of file data.
        var archive = Sample();
        var fake = EndRecord(2, 60, 10);

        var layout = await ReadAsync(WithComment(archive, fake));

        Assert.That(layout.Entries.Select(NameOf), Is.EqualTo(SampleNames));
    }

    [Test]
    public async Task ReadAsync_SeveralFakeEndRecordsInTheComment_ChoosesTheRealDirectory()
    {
        var archive = Sample();
        byte[] comment = [.. EndRecord(0, 0, 0, commentLength: 44), .. EndRecord(1, 46, 0, commentLength: 22), .. EndRecord(0, 0, 0)];

        var layout = await ReadAsync(WithComment(archive, comment));

        Assert.That(layout.Entries, Has.Count.EqualTo(3));
    }

    [Test]
    public void ReadAsync_OnlyAnEmptyEndRecordAfterLocalHeaders_IsRejectedNotExpandedAsNothing()
    {
        // The real end record is broken (its signature overwritten); only a forged empty one remains.
        var archive = WithComment(Sample(), EndRecord(0, 0, 0));
        var realEnd = archive.Length - End.FixedSize - End.FixedSize;
        archive[realEnd] = (byte)'X';

        Assert.That(
            async () => await ReadAsync(archive),
            Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(ArchiveRejectionCodes.CorruptCentralDirectory).And.Message.Contains("empty central directory").And.Message.Contains("local file header"));
    }

    [Test]
    public async Task ReadAsync_RealEmptyArchive_HasNoEntriesAndNoNotes()
    {
        var layout = await ReadAsync(EndRecord(0, 0, 0));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries, Is.Empty);
            Assert.That(layout.Notes, Is.Empty);
        }
    }

    [Test]
    public async Task ReadAsync_Zip64RecordCountDisagreesWithDirectory_ReadsTheDirectoryAndNotesIt()
    {
        var archive = ZipEndRecords.WithZip64(Sample(), record => BinaryPrimitives.WriteInt64LittleEndian(record[Zip64End.Entries..], 7));

        var layout = await ReadAsync(archive);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries, Has.Count.EqualTo(3));
            Assert.That(layout.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordMismatch }));
            Assert.That(layout.Notes[0].Message, Does.Contain("ZIP64 end record declares 7 entries"));
        }
    }

    [Test]
    public async Task ReadAsync_ClassicRecordDisagreesWithZip64Record_FollowsZip64AndNotesIt()
    {
        var archive = ZipEndRecords.WithZip64(Sample());
        BinaryPrimitives.WriteUInt16LittleEndian(archive.AsSpan(archive.Length - End.FixedSize + End.Entries), 9);
        BinaryPrimitives.WriteUInt16LittleEndian(archive.AsSpan(archive.Length - End.FixedSize + End.EntriesOnDisk), 9);

        var layout = await ReadAsync(archive);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries, Has.Count.EqualTo(3));
            Assert.That(layout.Notes.Single().Message, Does.Contain("disagrees with the ZIP64 end record").And.Contain("9 entries against 3"));
        }
    }

    [Test]
    public void ReadAsync_DirectorySizeTooSmall_IsRejectedNamingWhereNoRecordStarts()
    {
        var archive = Sample();
        var sizeAt = archive.Length - End.FixedSize + End.DirectorySize;
        BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(sizeAt), BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(sizeAt)) - 10);

        Assert.That(
            async () => await ReadAsync(archive),
            Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(ArchiveRejectionCodes.CorruptCentralDirectory).And.Message.Contains("no central-directory record starts there"));
    }

    [Test]
    public void ReadAsync_DirectorySizeTooSmallAndOffsetWrong_IsRejectedNamingWhereNoRecordStarts()
    {
        var archive = Sample();
        var sizeAt = archive.Length - End.FixedSize + End.DirectorySize;
        var offsetAt = archive.Length - End.FixedSize + End.DirectoryOffset;
        BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(sizeAt), BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(sizeAt)) - 10);
        BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(offsetAt), BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(offsetAt)) - 1);

        Assert.That(
            async () => await ReadAsync(archive),
            Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(ArchiveRejectionCodes.CorruptCentralDirectory).And.Message.Contains("no central-directory record starts there"));
    }

    [TestCase(0)]
    [TestCase(5)]
    public async Task ReadAsync_CommentRunsPastTheEndOfTheFile_ReadsTheDirectoryAndNotesIt(int commentBytesLeft)
    {
        // Info-ZIP ("zipfile comment truncated") and CPython read these.
        var archive = WithComment(Sample(), Encoding.ASCII.GetBytes("a comment cut short"))[..^(19 - commentBytesLeft)];

        var layout = await ReadAsync(archive);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries.Select(NameOf), Is.EqualTo(SampleNames));
            Assert.That(layout.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordCommentTruncated }));
        }
    }

    [Test]
    public async Task ReadAsync_WholeCommentBesideATruncatedOne_PrefersTheWholeOne()
    {
        // The comment's forged record claims a comment running past the end; the real record's comment is whole.
        var archive = Sample();
        var forged = EndRecord(0, 0, 0, commentLength: 500);

        var layout = await ReadAsync(WithComment(archive, forged));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries.Select(NameOf), Is.EqualTo(SampleNames));
            Assert.That(layout.Notes, Is.Empty);
        }
    }

    [Test]
    public async Task ReadAsync_FakeZip64LocatorAndRecordInTheComment_ChoosesTheRealDirectory()
    {
        var locator = new byte[Zip64Locator.FixedSize];
        BinaryPrimitives.WriteUInt32LittleEndian(locator, ZipSignatures.Zip64Locator);
        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(Zip64Locator.FixedSize - sizeof(uint)), 1);
        byte[] comment = [.. locator, .. EndRecord(ushort.MaxValue, uint.MaxValue, uint.MaxValue)];

        var layout = await ReadAsync(WithComment(Sample(), comment));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries.Select(NameOf), Is.EqualTo(SampleNames));
            Assert.That(layout.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordChosen }));
        }
    }

    [Test]
    public async Task ReadAsync_LastCentralRecordEndsInLocatorBytes_FollowsTheEndRecordAndNotesIt()
    {
        // CPython and 7-Zip read this archive; Info-ZIP gives up looking for the ZIP64 record.
        var archive = ArchiveEndingInLocatorBytes();

        var layout = await ReadAsync(archive);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries.Select(NameOf), Is.EqualTo(OuterNames));
            Assert.That(layout.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordMismatch }));
            Assert.That(layout.Notes[0].Message, Does.Contain("look like a ZIP64 locator"));
        }
    }

    [Test]
    public void ReadAsync_LocatorBytesBeforeAnEndRecordThatNeedsZip64_IsRejected()
    {
        var archive = ArchiveEndingInLocatorBytes();
        BinaryPrimitives.WriteUInt16LittleEndian(archive.AsSpan(archive.Length - End.FixedSize + End.Entries), ushort.MaxValue);

        Assert.That(
            async () => await ReadAsync(archive),
            Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(ArchiveRejectionCodes.CorruptCentralDirectory).And.Message.Contains("ZIP64 end-of-central-directory record is missing"));
    }

    /// <summary>Two stored entries; the last central record's extra field ends in the 20 bytes of a ZIP64 locator pointing to byte 0.</summary>
    private static byte[] ArchiveEndingInLocatorBytes()
    {
        var locator = new byte[Zip64Locator.FixedSize];
        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(Zip64Locator.Signature), ZipSignatures.Zip64Locator);
        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(Zip64Locator.TotalDisks), 1);
        return CraftedZip.Build(
            new CraftedEntry("one.txt", TestData.Text(30, seed: 1)),
            new CraftedEntry("inner.zip", TestData.Text(20, seed: 2)) { CentralExtra = _ => CraftedZip.Block(0xCAFE, locator) });
    }

    [Test]
    public async Task ReadAsync_StoredZipAsTheLastEntry_ReadsTheOuterDirectory()
    {
        var inner = new ZipBuilder().File("evil.txt", TestData.Text(40, seed: 9)).Build();
        var archive = new ZipBuilder()
            .File("one.txt", TestData.Text(300, seed: 1))
            .File("inner.zip", inner, CompressionLevel.NoCompression)
            .Build();
        byte[] withJunk = [.. archive, .. "trailing"u8];

        var layout = await ReadAsync(withJunk);

        Assert.That(layout.Entries.Select(NameOf), Is.EqualTo(OuterNames));
    }

    [Test]
    public async Task ReadDeclaredEntriesAsync_FakeEndRecordCase_CountsTheRealDirectorysEntries()
    {
        // The forged record (0 entries) comes first in the tail; ReadAsync passes over it, and so must the estimate.
        var declared = await ReadDeclaredAsync(SharedCases.Input(SharedCases.FakeEndRecord));

        Assert.That(declared, Is.EqualTo(3));
    }

    [Test]
    public async Task ReadDeclaredEntriesAsync_ForgedRecordClaimingEntriesAtGarbage_CountsTheRealDirectorysEntries()
    {
        var declared = await ReadDeclaredAsync(WithComment(Sample(), EndRecord(2000, 60, 10)));

        Assert.That(declared, Is.EqualTo(3));
    }

    [Test]
    public async Task ReadDeclaredEntriesAsync_CommentRunsPastTheEnd_CountsThatRecordsEntries()
    {
        var declared = await ReadDeclaredAsync(WithComment(Sample(), "cut"u8.ToArray())[..^2]);

        Assert.That(declared, Is.EqualTo(3));
    }

    [Test]
    public async Task ReadDeclaredEntriesAsync_NoRecordPlacesADirectory_ReturnsNull()
    {
        var archive = Sample();
        var offsetAt = archive.Length - End.FixedSize + End.DirectoryOffset;
        var sizeAt = archive.Length - End.FixedSize + End.DirectorySize;
        BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(offsetAt), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(sizeAt), 7);

        var declared = await ReadDeclaredAsync(archive);

        Assert.That(declared, Is.Null);
    }

    private static Task<long?> ReadDeclaredAsync(byte[] archive) =>
        ZipDirectoryReader.ReadDeclaredEntriesAsync(new MemoryStream(archive, writable: false), CancellationToken.None);

    [Test]
    public void ReadAsync_DirectoryOffsetPastTheDirectory_IsRejectedNamingTheOffset()
    {
        var archive = Sample();
        BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(archive.Length - End.FixedSize + End.DirectoryOffset), (uint)archive.Length);

        Assert.That(
            async () => await ReadAsync(archive),
            Throws.TypeOf<ArchiveRejectedException>().With.Message.Contains($"offset {archive.Length}"));
    }
}
