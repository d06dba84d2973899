using OssUnzip.Function.Archive.SevenZip;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Function.Tests.Storage;

namespace OssUnzip.Function.Tests.Archive.SevenZip;

[TestFixture]
public sealed class SevenZipSourceStreamTests
{
    private static readonly byte[] Data = TestData.Random(10_000, 1);

    private static (SevenZipSourceStream Stream, ByteArrayObjectStore Store) CreateSut()
    {
        var store = new ByteArrayObjectStore(Data);
        var stream = new SevenZipSourceStream(store, new ArchiveSource("bucket", "zip/a.7z", store.Version), new RangedReadSettings(1_000_000, 256, 0, TimeSpan.Zero));
        return (stream, store);
    }

    [Test]
    public async Task Seek_AnyOrigin_MovesPositionWithoutIo()
    {
        var (stream, store) = CreateSut();
        await using var _ = stream;

        stream.Seek(-32, SeekOrigin.End);
        stream.Seek(2, SeekOrigin.Current);

        Assert.That(stream.Position, Is.EqualTo(Data.Length - 30));
        Assert.That(store.OpenCount, Is.Zero);
    }

    [Test]
    public async Task ReadAsync_ZeroLengthOrPastTheEnd_ReturnsZeroWithoutIo()
    {
        var (stream, store) = CreateSut();
        await using var _ = stream;

        var empty = await stream.ReadAsync(Memory<byte>.Empty);
        stream.Position = Data.Length + 5;
        var past = await stream.ReadAsync(new byte[10]);

        Assert.That((empty, past, store.OpenCount), Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public async Task Read_Synchronous_ReturnsTheBytesAtThePosition()
    {
        var (stream, _) = CreateSut();
        await using var __ = stream;
        stream.Position = 100;
        var buffer = new byte[50];

        stream.ReadExactly(buffer);

        Assert.That(buffer, Is.EqualTo(Data[100..150]));
        Assert.That(stream.BytesRead, Is.EqualTo(50));
    }

    [Test]
    public async Task ReadAsync_FourStreamsInterleaved_OneRequestEach()
    {
        // BCJ2's shape: four packed streams read side by side, a little at a time.
        var (stream, store) = CreateSut();
        await using var _ = stream;
        var starts = new long[] { 0, 4_000, 6_000, 8_000 };
        var positions = (long[])starts.Clone();
        var buffer = new byte[100];

        for (var round = 0; round < 10; round++)
        {
            for (var s = 0; s < positions.Length; s++)
            {
                stream.Position = positions[s];
                await stream.ReadExactlyAsync(buffer);
                Assert.That(buffer, Is.EqualTo(Data[(int)positions[s]..((int)positions[s] + 100)]));
                positions[s] += 100;
            }
        }

        Assert.That(store.OpenCount, Is.EqualTo(4));
        Assert.That(stream.RequestCount, Is.EqualTo(4));
        Assert.That(stream.BytesRead, Is.EqualTo(4_000));
    }

    [Test]
    public async Task DisposeAsync_Twice_DoesNotThrowAndUseAfterThrows()
    {
        var (stream, _) = CreateSut();
        await stream.ReadExactlyAsync(new byte[10]);

        await stream.DisposeAsync();
        await stream.DisposeAsync();

        Assert.That(() => stream.ReadAsync(new byte[1]).AsTask(), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => stream.Position, Throws.TypeOf<ObjectDisposedException>());
        Assert.That(stream.CanRead, Is.False);
    }
}
