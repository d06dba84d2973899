using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Archive.Zip;

public sealed class ZipDirectoryReaderTests
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralRecordSignature = 0x02014b50;

    private static Task<ZipLayout> ReadAsync(byte[] archive, int maxEntries = 1000, long maxDirectoryBytes = 1 << 20) =>
        ZipDirectoryReader.ReadAsync(new MemoryStream(archive, writable: false), maxEntries, maxDirectoryBytes, CancellationToken.None);

    private static ZipBuilder Sample() => new ZipBuilder()
        .File("readme.txt", TestData.Text(5000, seed: 1))
        .File("stored.bin", TestData.Random(3000, seed: 2), CompressionLevel.NoCompression)
        .Directory("docs")
        .File("docs/深い/名前.txt", TestData.Text(700, seed: 3));

    private static string[] Names(params string[] names) => names;

    private static string NameOf(ZipCentralEntry entry) => Encoding.UTF8.GetString(entry.RawName.Span);

    private static byte[] WithComment(byte[] archive, byte[] comment)
    {
        var result = new byte[archive.Length + comment.Length];
        archive.CopyTo(result, 0);
        comment.CopyTo(result, archive.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(archive.Length - 2), (ushort)comment.Length);
        return result;
    }

    [Test]
    public async Task ReadAsync_ArchiveFromZipArchive_DescribesEveryEntry()
    {
        var builder = Sample();
        var bytes = builder.Build();

        var layout = await ReadAsync(bytes);

        Assert.That(layout.Entries.Select(NameOf), Is.EqualTo(Names("readme.txt", "stored.bin", "docs/", "docs/深い/名前.txt")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.PrefixLength, Is.Zero);
            Assert.That(layout.ArchiveLength, Is.EqualTo(bytes.Length));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)layout.CentralDirectoryOffset)), Is.EqualTo(CentralRecordSignature));
            Assert.That(layout.Entries.Select(e => e.Index), Is.EqualTo(Enumerable.Range(0, 4)));
            foreach (var entry in layout.Entries)
            {
                Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)entry.LocalHeaderOffset)), Is.EqualTo(LocalHeaderSignature), NameOf(entry));
                Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(entry.Record.Span), Is.EqualTo(CentralRecordSignature), NameOf(entry));
                Assert.That(entry.MinimumEnd, Is.LessThanOrEqualTo(layout.CentralDirectoryOffset), NameOf(entry));
            }

            foreach (var (name, data) in builder.Files)
            {
                var entry = layout.Entries.Single(e => NameOf(e) == name);
                Assert.That(entry.UncompressedSize, Is.EqualTo(data.Length), name);
                Assert.That(entry.Crc32, Is.EqualTo(Crc32.HashToUInt32(data)), name);
            }

            Assert.That(layout.Entries[0].Method, Is.EqualTo(8));
            Assert.That(layout.Entries[0].CompressedSize, Is.LessThan(5000));
            Assert.That(layout.Entries[1].Method, Is.Zero);
            Assert.That(layout.Entries[1].CompressedSize, Is.EqualTo(3000));
            Assert.That(layout.Entries[2].UncompressedSize, Is.Zero);
        }
    }

    [Test]
    public async Task ReadAsync_ArchiveWithComment_FindsTheEndRecord()
    {
        var bytes = WithComment(Sample().Build(), Encoding.ASCII.GetBytes("made by a test; PK\u0005\u0006 looks like a signature"));

        var layout = await ReadAsync(bytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries, Has.Count.EqualTo(4));
            Assert.That(layout.PrefixLength, Is.Zero);
            Assert.That(layout.ArchiveLength, Is.EqualTo(bytes.Length));
        }
    }

    [Test]
    public async Task ReadAsync_MaximumLengthComment_FindsTheEndRecord()
    {
        var bytes = WithComment(Sample().Build(), TestData.Text(ushort.MaxValue, seed: 9));

        var layout = await ReadAsync(bytes);

        Assert.That(layout.Entries, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task ReadAsync_BytesAfterTheEndRecord_StillFindsIt()
    {
        var archive = Sample().Build();
        var bytes = archive.Concat(Encoding.ASCII.GetBytes("\r\n\r\n")).ToArray();

        var layout = await ReadAsync(bytes);

        Assert.That(layout.Entries, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task ReadAsync_StubPrepended_ReportsPrefixLengthAndDeclaredOffsets()
    {
        var archive = Sample().Build();
        var stub = TestData.Text(1234, seed: 4);
        var bytes = stub.Concat(archive).ToArray();
        var plain = await ReadAsync(archive);

        var layout = await ReadAsync(bytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.PrefixLength, Is.EqualTo(1234));
            Assert.That(layout.ArchiveLength, Is.EqualTo(bytes.Length));
            Assert.That(layout.CentralDirectoryOffset, Is.EqualTo(plain.CentralDirectoryOffset));
            Assert.That(layout.Entries.Select(e => e.LocalHeaderOffset), Is.EqualTo(plain.Entries.Select(e => e.LocalHeaderOffset)));
            foreach (var entry in layout.Entries)
            {
                Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)(entry.LocalHeaderOffset + layout.PrefixLength))), Is.EqualTo(LocalHeaderSignature));
            }
        }
    }

    [Test]
    public async Task ReadAsync_EmptyArchive_HasNoEntries()
    {
        var bytes = new ZipBuilder().Build();

        var layout = await ReadAsync(bytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bytes, Has.Length.EqualTo(22));
            Assert.That(layout.Entries, Is.Empty);
            Assert.That(layout.CentralDirectoryOffset, Is.Zero);
            Assert.That(layout.PrefixLength, Is.Zero);
        }
    }

    [Test]
    public async Task ReadAsync_Zip64EndRecords_AreFollowed()
    {
        var archive = Sample().Build();
        var plain = await ReadAsync(archive);
        var bytes = ZipEndRecords.WithZip64(archive);

        var layout = await ReadAsync(bytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries.Select(NameOf), Is.EqualTo(plain.Entries.Select(NameOf)));
            Assert.That(layout.CentralDirectoryOffset, Is.EqualTo(plain.CentralDirectoryOffset));
            Assert.That(layout.PrefixLength, Is.Zero);
        }
    }

    [TestCase(1)]
    [TestCase(10)]
    [TestCase(21)]
    public void ReadAsync_EndCutOff_IsRejected(int cut)
    {
        var archive = Sample().Build();
        var bytes = archive.AsSpan(0, archive.Length - cut).ToArray();

        Assert.That(async () => await ReadAsync(bytes), Throws.TypeOf<ArchiveRejectedException>());
    }

    [Test]
    public void ReadAsync_BeginningCutOff_IsRejectedAsTruncated()
    {
        var archive = Sample().Build();
        var bytes = archive.AsSpan(archive.Length / 2).ToArray();

        Assert.That(async () => await ReadAsync(bytes), Throws.TypeOf<ArchiveRejectedException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void ReadAsync_OnlyTheEndRecordSurvives_IsRejected()
    {
        var archive = Sample().Build();
        var bytes = archive.AsSpan(archive.Length - 40).ToArray();

        Assert.That(async () => await ReadAsync(bytes), Throws.TypeOf<ArchiveRejectedException>());
    }

    [Test]
    public void ReadAsync_RandomBytes_IsRejectedAsNotAZip()
    {
        var bytes = TestData.Random(5000, seed: 5);

        Assert.That(async () => await ReadAsync(bytes), Throws.TypeOf<ArchiveRejectedException>().With.Message.Contains("Not a ZIP"));
    }

    [Test]
    public void ReadAsync_ShorterThanAnEndRecord_IsRejected()
    {
        Assert.That(async () => await ReadAsync([0x50, 0x4b, 0x05, 0x06]), Throws.TypeOf<ArchiveRejectedException>().With.Message.Contains("shorter"));
    }

    [Test]
    public void ReadAsync_MoreEntriesThanAllowed_IsRejectedNamingTheSetting()
    {
        var bytes = Sample().Build();

        Assert.That(async () => await ReadAsync(bytes, maxEntries: 3), Throws.TypeOf<ArchiveRejectedException>().With.Message.Contains("Archive:MaxEntries"));
    }

    [Test]
    public async Task ReadAsync_EntriesExactlyAtTheLimit_AreAccepted()
    {
        var bytes = Sample().Build();

        var layout = await ReadAsync(bytes, maxEntries: 4);

        Assert.That(layout.Entries, Has.Count.EqualTo(4));
    }

    [Test]
    public void ReadAsync_DirectoryLargerThanAllowed_IsRejected()
    {
        var bytes = Sample().Build();

        Assert.That(async () => await ReadAsync(bytes, maxDirectoryBytes: 100), Throws.TypeOf<ArchiveRejectedException>().With.Message.Contains("central directory"));
    }

    [Test]
    public async Task ReadAsync_EndRecordCountDisagreesWithSoundDirectory_ReadsTheDirectoryAndNotesIt()
    {
        // Issue 18 §4: this was a corrupt-central-directory rejection; the directory itself is sound.
        var bytes = Sample().Build();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(bytes.Length - 12), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(bytes.Length - 14), 3);

        var layout = await ReadAsync(bytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.Entries, Has.Count.EqualTo(4));
            Assert.That(layout.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordMismatch }));
            Assert.That(layout.Notes[0].Message, Does.Contain("declares 3 entries").And.Contain("holds 4"));
        }
    }

    [Test]
    public void ReadAsync_CanceledToken_ThrowsOperationCanceled()
    {
        var bytes = Sample().Build();
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(
            async () => await ZipDirectoryReader.ReadAsync(new MemoryStream(bytes), 1000, 1 << 20, cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }
}
