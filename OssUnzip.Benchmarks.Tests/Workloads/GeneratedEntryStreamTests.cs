using System.Formats.Tar;
using System.IO.Compression;
using System.IO.Hashing;
using OssUnzip.Benchmarks.Workloads;

namespace OssUnzip.Benchmarks.Tests.Workloads;

public sealed class GeneratedEntryStreamTests
{
    private static readonly EntrySpec Text = new("large/part-01.txt", (3 << 20) + 5, ContentKind.Text, 1001);

    [Test]
    public async Task ReadAsync_SmallerBuffersThanAChunk_YieldsTheChunkedGeneratorsBytesAndTheirHash()
    {
        // Arrange
        var expected = Expected(Text);
        await using var stream = new GeneratedEntryStream(Text);
        using var copy = new MemoryStream();

        // Act
        await stream.CopyToAsync(copy, 81920);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(copy.ToArray(), Is.EqualTo(expected));
            Assert.That(stream.Position, Is.EqualTo(Text.Size));
            Assert.That(stream.Hash, Is.EqualTo(Convert.ToHexStringLower(XxHash128.Hash(expected))));
        });
    }

    [Test]
    public void Read_PastTheEndOrEmptyBuffer_ReturnsZero()
    {
        // Arrange
        using var stream = new GeneratedEntryStream(new EntrySpec("a.bin", 10, ContentKind.Incompressible, 1));
        var buffer = new byte[64];

        // Act
        var empty = stream.Read(buffer, 0, 0);
        var first = stream.Read(buffer, 0, buffer.Length);
        var after = stream.Read(buffer, 0, buffer.Length);

        // Assert
        Assert.That((empty, first, after), Is.EqualTo((0, 10, 0)));
    }

    [Test]
    public void Hash_BeforeTheEnd_Throws()
    {
        // Arrange
        using var stream = new GeneratedEntryStream(Text);
        stream.ReadExactly(new byte[100]);

        // Act, Assert
        Assert.That(() => stream.Hash, Throws.InvalidOperationException);
    }

    [Test]
    public void Seek_AnyWhere_ThrowsNotSupported()
    {
        // Arrange
        using var stream = new GeneratedEntryStream(Text);

        // Act, Assert
        Assert.Multiple(() =>
        {
            Assert.That(stream.CanSeek, Is.True, "TarWriter takes the size from Length − Position");
            Assert.That(() => stream.Seek(0, SeekOrigin.Begin), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => stream.Position = 0, Throws.TypeOf<NotSupportedException>());
            Assert.That(() => stream.Write([1], 0, 1), Throws.TypeOf<NotSupportedException>());
        });
    }

    [Test]
    public void Dispose_Twice_ThenUse_ThrowsObjectDisposed()
    {
        // Arrange
        var stream = new GeneratedEntryStream(Text);

        // Act
        stream.Dispose();
        stream.Dispose();

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(stream.CanRead, Is.False);
            Assert.That(() => stream.Read(new byte[1], 0, 1), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => stream.Length, Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public async Task TarWriter_OverGzip_WritesTheMemberWholeWithItsSize()
    {
        // Arrange: what WorkloadGenerator does for W4, read back with System.Formats.Tar.
        using var archive = new MemoryStream();
        await using (var tar = new TarWriter(new GZipStream(archive, CompressionLevel.Fastest, leaveOpen: true), TarEntryFormat.Ustar, leaveOpen: false))
        {
            await using var content = new GeneratedEntryStream(Text);

            // Act
            await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, Text.Name) { DataStream = content });
        }

        // Assert
        archive.Position = 0;
        await using var reader = new TarReader(new GZipStream(archive, CompressionMode.Decompress));
        var entry = await reader.GetNextEntryAsync();
        var hash = new XxHash128();
        hash.Append(new BinaryReader(entry!.DataStream!).ReadBytes((int)entry.Length));
        var next = await reader.GetNextEntryAsync();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Name, Is.EqualTo(Text.Name));
            Assert.That(entry.Length, Is.EqualTo(Text.Size));
            Assert.That(hash.GetCurrentHash(), Is.EqualTo(XxHash128.Hash(Expected(Text))));
            Assert.That(next, Is.Null);
        });
    }

    /// <summary>The content as the ZIP generator always made it: <see cref="GeneratedEntryStream.ChunkSize"/> bytes at a time.</summary>
    private static byte[] Expected(EntrySpec entry)
    {
        var bytes = new byte[entry.Size];
        var content = new ContentStream(entry.Kind, entry.Seed);
        for (var offset = 0; offset < bytes.Length; offset += GeneratedEntryStream.ChunkSize)
        {
            content.Fill(bytes.AsSpan(offset, Math.Min(GeneratedEntryStream.ChunkSize, bytes.Length - offset)));
        }

        return bytes;
    }
}
