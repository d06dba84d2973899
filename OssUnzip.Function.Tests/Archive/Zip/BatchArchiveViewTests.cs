using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>BatchArchiveView with SyntheticCentralDirectory: ZipArchive sees exactly the chosen entries, in canonical records we wrote.</summary>
public sealed class BatchArchiveViewTests
{
    private static readonly ZipBuilder Builder = new ZipBuilder()
        .File("a.txt", TestData.Text(4000, seed: 11))
        .File("b.bin", TestData.Random(2500, seed: 12), CompressionLevel.NoCompression)
        .Directory("c")
        .File("c/d.txt", TestData.Text(9000, seed: 13), CompressionLevel.Fastest)
        .File("c/空.txt", [])
        .File("e.bin", TestData.Random(100, seed: 14));

    private static readonly byte[] Archive = Builder.Build();

    private static string NameOf(ZipCentralEntry entry) => Encoding.UTF8.GetString(entry.RawName.Span);

    private static async Task<(BatchArchiveView View, ZipLayout Layout, MemoryStream Source, List<ZipCentralEntry> Chosen)> CreateSutAsync(
        Func<ZipCentralEntry, bool> select, bool forceZip64 = false, byte[]? prefix = null)
    {
        var bytes = prefix is null ? Archive : [.. prefix, .. Archive];
        var source = new MemoryStream(bytes, writable: false);
        var layout = await ZipDirectoryReader.ReadAsync(source, 1000, 1 << 20, CancellationToken.None);
        var offsets = layout.Entries.Select(e => e.LocalHeaderOffset).Order().ToArray();
        var chosen = layout.Entries.Where(select).OrderBy(e => e.LocalHeaderOffset).ToList();
        var limits = chosen.Select(e => ArchiveBatch.LimitOf(e.LocalHeaderOffset, offsets, layout.CentralDirectoryOffset)).ToList();
        var view = new BatchArchiveView(source, layout.PrefixLength, chosen, limits, layout.CentralDirectoryOffset, forceZip64);
        return (view, layout, source, chosen);
    }

    /// <summary>What ZipArchive reads from the view, keyed by the original names of the chosen entries (the view's own names are synthesized).</summary>
    private static async Task<Dictionary<string, byte[]>> ExpandAsync(Stream view, List<ZipCentralEntry> chosen)
    {
        var files = new Dictionary<string, byte[]>();
        var archive = await ZipArchive.CreateAsync(view, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, CancellationToken.None);
        await using (archive)
        {
            Assert.That(archive.Entries, Has.Count.EqualTo(chosen.Count));
            for (var i = 0; i < chosen.Count; i++)
            {
                var output = new MemoryStream();
                await using (var content = await archive.Entries[i].OpenAsync(CancellationToken.None))
                {
                    await content.CopyToAsync(output);
                }

                files[NameOf(chosen[i])] = output.ToArray();
            }
        }

        return files;
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ZipArchiveOverView_SubsetOfEntries_OpensExactlyThoseWithTheirBytes(bool forceZip64)
    {
        string[] chosen = ["b.bin", "c/d.txt", "c/空.txt"];
        var (view, _, _, entries) = await CreateSutAsync(e => chosen.Contains(NameOf(e)), forceZip64);
        await using var _1 = view;

        var files = await ExpandAsync(view, entries);

        Assert.That(files.Keys, Is.EqualTo(chosen));
        using (Assert.EnterMultipleScope())
        {
            foreach (var name in chosen)
            {
                Assert.That(files[name], Is.EqualTo(Builder.Files[name]), name);
            }
        }
    }

    [Test]
    public async Task ZipArchiveOverView_EveryEntry_MatchesTheOriginalArchive()
    {
        var (view, _, _, entries) = await CreateSutAsync(_ => true);
        await using var _1 = view;

        var files = await ExpandAsync(view, entries);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(files.Keys, Is.EquivalentTo(Builder.Files.Keys.Append("c/")));
            foreach (var (name, data) in Builder.Files)
            {
                Assert.That(files[name], Is.EqualTo(data), name);
            }
        }
    }

    [Test]
    public async Task ZipArchiveOverView_ArchiveAfterAStub_ReadsShiftedData()
    {
        var (view, layout, _, entries) = await CreateSutAsync(e => NameOf(e) is "a.txt" or "e.bin", prefix: TestData.Text(777, seed: 15));
        await using var _1 = view;

        var files = await ExpandAsync(view, entries);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.PrefixLength, Is.EqualTo(777));
            Assert.That(files["a.txt"], Is.EqualTo(Builder.Files["a.txt"]));
            Assert.That(files["e.bin"], Is.EqualTo(Builder.Files["e.bin"]));
            Assert.That(files, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task ZipArchiveOverView_NoEntries_IsAnEmptyArchive()
    {
        var (view, _, _, entries) = await CreateSutAsync(_ => false);
        await using var _1 = view;

        var files = await ExpandAsync(view, entries);

        Assert.That(files, Is.Empty);
    }

    [TestCase(false, 22)]
    [TestCase(true, 22 + 56 + 20)]
    public async Task Length_IsCanonicalHeadersDataAndDirectory(bool forceZip64, int endRecords)
    {
        var (view, _, _, entries) = await CreateSutAsync(e => NameOf(e) == "a.txt", forceZip64);
        await using var _1 = view;

        // One local header of 30 bytes and a one-letter name, the data, one central record of 46 + 1.
        var expected = 31 + entries[0].CompressedSize + 47 + endRecords;

        Assert.That(view.Length, Is.EqualTo(expected));
    }

    [Test]
    public async Task ReadAsync_EntryData_ComesFromTheOffsetTheLocalHeaderGives()
    {
        var (view, layout, _, entries) = await CreateSutAsync(e => NameOf(e) == "b.bin", prefix: [1, 2, 3]);
        await using var _1 = view;
        var buffer = new byte[100];
        var dataOffset = (int)(entries[0].LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(Archive.AsSpan((int)entries[0].LocalHeaderOffset + 26)) + BinaryPrimitives.ReadUInt16LittleEndian(Archive.AsSpan((int)entries[0].LocalHeaderOffset + 28)));

        view.Position = 31;
        await view.ReadExactlyAsync(buffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout.PrefixLength, Is.EqualTo(3));
            Assert.That(buffer, Is.EqualTo(Archive.AsSpan(dataOffset, 100).ToArray()));
        }
    }

    [Test]
    public async Task ReadAsync_SpanningHeaderAndData_StopsAtTheBoundaryThenContinues()
    {
        var (view, _, _, entries) = await CreateSutAsync(e => NameOf(e) == "b.bin");
        await using var _1 = view;
        var buffer = new byte[20];
        var header = SyntheticCentralDirectory.WriteLocalHeader(entries[0]);

        view.Position = header.Length - 10;
        var first = await view.ReadAsync(buffer);
        var second = await view.ReadAsync(buffer.AsMemory(first));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(10));
            Assert.That(second, Is.EqualTo(10));
            Assert.That(buffer.AsSpan(0, 10).ToArray(), Is.EqualTo(header.AsSpan(header.Length - 10).ToArray()));
        }
    }

    [Test]
    public async Task ReadAsync_AtOrPastEnd_ReturnsZero()
    {
        var (view, _, _, _) = await CreateSutAsync(_ => true);
        await using var _1 = view;

        view.Seek(0, SeekOrigin.End);
        var atEnd = await view.ReadAsync(new byte[10]);
        view.Seek(100, SeekOrigin.End);
        var pastEnd = await view.ReadAsync(new byte[10]);
        var empty = await view.ReadAsync(Memory<byte>.Empty);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(atEnd, Is.Zero);
            Assert.That(pastEnd, Is.Zero);
            Assert.That(empty, Is.Zero);
        }
    }

    [Test]
    public async Task Seek_AnyOrigin_MovesPositionOnly()
    {
        var (view, _, source, _) = await CreateSutAsync(_ => true);
        await using var _1 = view;
        source.Position = 5;

        var begin = view.Seek(10, SeekOrigin.Begin);
        var current = view.Seek(5, SeekOrigin.Current);
        var end = view.Seek(-4, SeekOrigin.End);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(begin, Is.EqualTo(10));
            Assert.That(current, Is.EqualTo(15));
            Assert.That(end, Is.EqualTo(view.Length - 4));
            Assert.That(view.Position, Is.EqualTo(view.Length - 4));
            Assert.That(source.Position, Is.EqualTo(5), "seeking the view does not touch the source");
            Assert.That(() => view.Seek(-1, SeekOrigin.Begin), Throws.TypeOf<IOException>());
        }
    }

    [Test]
    public async Task Read_SynchronousInRecordsWeWrote_ServesTheSynthesizedBytes()
    {
        var (view, _, _, entries) = await CreateSutAsync(e => NameOf(e) == "a.txt");
        await using var _1 = view;
        var header = new byte[4];
        var directory = new byte[4];

        var headerRead = view.Read(header, 0, 4);
        view.Position = 31 + entries[0].CompressedSize;
        var directoryRead = view.Read(directory, 0, 4);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(headerRead, Is.EqualTo(4));
            Assert.That(header, Is.EqualTo("PK\u0003\u0004"u8.ToArray()));
            Assert.That(directoryRead, Is.EqualTo(4));
            Assert.That(directory, Is.EqualTo("PK\u0001\u0002"u8.ToArray()));
        }
    }

    [Test]
    public async Task Read_SynchronousInData_ThrowsNotSupported()
    {
        var (view, _, _, _) = await CreateSutAsync(_ => true);
        await using var _1 = view;
        view.Position = 31;

        Assert.That(() => view.Read(new byte[4], 0, 4), Throws.TypeOf<NotSupportedException>());
    }

    [Test]
    public async Task Dispose_Twice_LeavesTheSourceOpen()
    {
        var (view, _, source, _) = await CreateSutAsync(_ => true);

        view.Dispose();
        await view.DisposeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(source.CanRead, Is.True);
            Assert.That(view.CanRead, Is.False);
            Assert.That(view.CanSeek, Is.False);
        }
    }

    [Test]
    public async Task Members_AfterDispose_ThrowObjectDisposed()
    {
        var (view, _, _, _) = await CreateSutAsync(_ => true);
        await view.DisposeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => view.Length, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => view.Position, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => view.Position = 0, Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => view.Seek(0, SeekOrigin.Begin), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(() => view.Read(new byte[1], 0, 1), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(async () => await view.ReadAsync(new byte[1]), Throws.InstanceOf<ObjectDisposedException>());
        }
    }
}
