using System.IO.Hashing;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Archive.Writing;

public sealed class EntryContentReaderTests
{
    private static readonly byte[] Data = TestData.Random(1000, seed: 21);
    private static readonly uint DataCrc = Crc32.HashToUInt32(Data);

    private static EntryContentReader CreateSut(byte[] content, long declaredSize, uint declaredCrc) =>
        new(new TrickleStream(content), "dir/entry.bin", declaredSize, declaredCrc);

    [Test]
    public async Task FillAsync_ExactDeclaredSizeAndCrc_FillsTheBuffers()
    {
        var sut = CreateSut(Data, Data.Length, DataCrc);
        var first = new byte[600];
        var second = new byte[400];

        await sut.FillAsync(first, CancellationToken.None);
        var remainingAfterFirst = sut.Remaining;
        await sut.FillAsync(second, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Concat(second), Is.EqualTo(Data));
            Assert.That(remainingAfterFirst, Is.EqualTo(400));
            Assert.That(sut.Remaining, Is.Zero);
        }
    }

    [Test]
    public async Task FillAsync_EmptyEntry_Verifies()
    {
        var sut = CreateSut([], 0, 0);

        await sut.FillAsync(Memory<byte>.Empty, CancellationToken.None);

        Assert.That(sut.Remaining, Is.Zero);
    }

    [Test]
    public void FillAsync_DataLongerThanDeclared_ThrowsEntryCorrupt()
    {
        var sut = CreateSut([.. Data, 0x42], Data.Length, DataCrc);

        Assert.That(
            async () => await sut.FillAsync(new byte[Data.Length], CancellationToken.None),
            Throws.TypeOf<EntryCorruptException>().With.Message.Contains("dir/entry.bin").And.Message.Contains("more than"));
    }

    [Test]
    public void FillAsync_EmptyEntryWithData_ThrowsEntryCorrupt()
    {
        var sut = CreateSut([1], 0, 0);

        Assert.That(async () => await sut.FillAsync(Memory<byte>.Empty, CancellationToken.None), Throws.TypeOf<EntryCorruptException>());
    }

    [Test]
    public void FillAsync_DataShorterThanDeclared_ThrowsEntryCorrupt()
    {
        var sut = CreateSut(Data.AsSpan(0, 999).ToArray(), Data.Length, DataCrc);

        Assert.That(
            async () => await sut.FillAsync(new byte[Data.Length], CancellationToken.None),
            Throws.TypeOf<EntryCorruptException>().With.Message.Contains("ended after 999 bytes"));
    }

    [Test]
    public async Task FillAsync_DataShorterThanDeclaredInALaterBuffer_ThrowsEntryCorrupt()
    {
        var sut = CreateSut(Data.AsSpan(0, 700).ToArray(), Data.Length, DataCrc);
        await sut.FillAsync(new byte[500], CancellationToken.None);

        Assert.That(
            async () => await sut.FillAsync(new byte[500], CancellationToken.None),
            Throws.TypeOf<EntryCorruptException>().With.Message.Contains("ended after 700 bytes"));
    }

    [Test]
    public void FillAsync_CrcMismatch_ThrowsEntryCorrupt()
    {
        var sut = CreateSut(Data, Data.Length, DataCrc ^ 1);

        Assert.That(
            async () => await sut.FillAsync(new byte[Data.Length], CancellationToken.None),
            Throws.TypeOf<EntryCorruptException>().With.Message.Contains("CRC-32"));
    }

    [Test]
    public void FillAsync_BufferLargerThanRemaining_Throws()
    {
        var sut = CreateSut(Data, 10, DataCrc);

        Assert.That(async () => await sut.FillAsync(new byte[11], CancellationToken.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>Returns at most 7 bytes per read, as an inflater may.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);
    }
}
