using System.Net.Http;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Storage;

public sealed class RangedReadStreamTests
{
    private const int DataLength = 1000;
    private static readonly byte[] Data = TestData.Random(DataLength, seed: 7);

    private static RangedReadStream CreateSut(ByteArrayObjectStore store, long readAhead = 64, long forwardSkipBytes = 0, int resumeAttempts = 0) =>
        new(store, new ArchiveSource("bucket", "zip/a.zip", store.Version), new RangedReadSettings(readAhead, forwardSkipBytes, resumeAttempts, TimeSpan.Zero));

    private static long[] Offsets(params long[] offsets) => offsets;

    private static async Task<byte[]> ReadToEndAsync(Stream stream, int chunk)
    {
        var output = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    [Test]
    public async Task ReadAsync_SequentialAcrossWindowBoundaries_ReturnsExactBytesWithOneRequestPerWindow()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 64);

        var read = await ReadToEndAsync(sut, chunk: 50);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.EqualTo(Data));
            Assert.That(store.OpenCount, Is.EqualTo(16));
            Assert.That(store.Ranges[0], Is.EqualTo((0L, 64L)));
            Assert.That(store.Ranges[^1], Is.EqualTo((960L, 1000L)));
            Assert.That(store.Ranges.Zip(store.Ranges.Skip(1)).All(p => p.First.End == p.Second.Offset), Is.True, "windows are contiguous");
            Assert.That(sut.Position, Is.EqualTo(DataLength));
        }
    }

    [Test]
    public async Task ReadAsync_BufferLargerThanWindow_NeverReadsPastTheWindowOrTheEnd()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 64);
        var buffer = new byte[DataLength * 2];

        await sut.ReadExactlyAsync(buffer.AsMemory(0, DataLength));
        var afterEnd = await sut.ReadAsync(buffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(buffer.AsSpan(0, DataLength).ToArray(), Is.EqualTo(Data));
            Assert.That(afterEnd, Is.Zero);
            Assert.That(store.Ranges.All(r => r.End - r.Offset <= 64), Is.True);
        }
    }

    [Test]
    public async Task ReadAsync_ByteArrayOverload_WritesAtTheOffset()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 1000);
        var buffer = new byte[20];

#pragma warning disable CA1835 // The byte[] overload is the member under test.
        var read = await sut.ReadAsync(buffer, 5, 10, CancellationToken.None);
#pragma warning restore CA1835

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.EqualTo(10));
            Assert.That(buffer.AsSpan(5, 10).ToArray(), Is.EqualTo(Data.AsSpan(0, 10).ToArray()));
            Assert.That(buffer.AsSpan(0, 5).ToArray(), Is.All.Zero);
        }
    }

    [Test]
    public async Task ReadAsync_AfterSeekBackwards_ReopensAtTheNewPosition()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 500);
        await sut.ReadExactlyAsync(new byte[300]);

        sut.Seek(100, SeekOrigin.Begin);
        var buffer = new byte[50];
        await sut.ReadExactlyAsync(buffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(buffer, Is.EqualTo(Data.AsSpan(100, 50).ToArray()));
            Assert.That(store.Ranges, Has.Count.EqualTo(2));
            Assert.That(store.Ranges[1].Offset, Is.EqualTo(100));
            Assert.That(sut.Position, Is.EqualTo(150));
        }
    }

    [Test]
    public async Task ReadAsync_SeekFromEnd_ReadsTheTail()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store);

        sut.Seek(-22, SeekOrigin.End);
        var tail = await ReadToEndAsync(sut, chunk: 100);

        Assert.That(tail, Is.EqualTo(Data.AsSpan(DataLength - 22).ToArray()));
    }

    [TestCase(DataLength)]
    [TestCase(DataLength + 1)]
    [TestCase(long.MaxValue / 2)]
    public async Task ReadAsync_PositionAtOrBeyondEnd_ReturnsZeroWithoutARequest(long position)
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store);

        sut.Position = position;
        var read = await sut.ReadAsync(new byte[10]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.Zero);
            Assert.That(sut.Position, Is.EqualTo(position));
            Assert.That(store.OpenCount, Is.Zero);
        }
    }

    [Test]
    public async Task ReadAsync_ZeroLengthBuffer_ReturnsZeroWithoutARequest()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store);

        var read = await sut.ReadAsync(Memory<byte>.Empty);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.Zero);
            Assert.That(store.OpenCount, Is.Zero);
            Assert.That(sut.Position, Is.Zero);
        }
    }

    [Test]
    public async Task LengthAndPosition_NewStream_AreObjectLengthAndZero()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sut.Length, Is.EqualTo(DataLength));
            Assert.That(sut.Position, Is.Zero);
            Assert.That(sut.CanRead, Is.True);
            Assert.That(sut.CanSeek, Is.True);
            Assert.That(sut.CanWrite, Is.False);
        }
    }

    [Test]
    public async Task Seek_AnyOrigin_MovesPositionWithoutIo()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 1000);
        await sut.ReadExactlyAsync(new byte[10]);
        var opened = store.OpenCount;

        var begin = sut.Seek(500, SeekOrigin.Begin);
        var current = sut.Seek(-100, SeekOrigin.Current);
        var end = sut.Seek(-1, SeekOrigin.End);
        sut.Position = 3;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(begin, Is.EqualTo(500));
            Assert.That(current, Is.EqualTo(400));
            Assert.That(end, Is.EqualTo(DataLength - 1));
            Assert.That(sut.Position, Is.EqualTo(3));
            Assert.That(store.OpenCount, Is.EqualTo(opened));
            Assert.That(store.DisposedResponses, Is.Zero, "a seek does not even close the open response");
        }
    }

    [Test]
    public async Task Seek_BeforeBeginning_ThrowsIOExceptionAndKeepsPosition()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store);
        sut.Position = 10;

        Assert.That(() => sut.Seek(-11, SeekOrigin.Current), Throws.TypeOf<IOException>());
        Assert.That(sut.Position, Is.EqualTo(10));
    }

    [Test]
    public async Task ReadUntil_SpanBeyondReadAhead_OneRequestCoversTheSpan()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 64);
        sut.Position = 100;

        sut.ReadUntil(900);
        var buffer = new byte[800];
        await sut.ReadExactlyAsync(buffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(buffer, Is.EqualTo(Data.AsSpan(100, 800).ToArray()));
            Assert.That(store.Ranges, Is.EqualTo(new[] { (100L, 900L) }));
        }
    }

    [Test]
    public async Task ReadUntil_SpanShorterThanReadAhead_RequestEndsAtTheSpanAndReadsPastItReadAhead()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 500);
        sut.Position = 100;
        sut.ReadUntil(300);

        var span = new byte[200];
        await sut.ReadExactlyAsync(span);
        var past = new byte[50];
        await sut.ReadExactlyAsync(past);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(span, Is.EqualTo(Data.AsSpan(100, 200).ToArray()));
            Assert.That(past, Is.EqualTo(Data.AsSpan(300, 50).ToArray()));
            Assert.That(store.Ranges, Is.EqualTo(new[] { (100L, 300L), (300L, 800L) }));
        }
    }

    [Test]
    public async Task ReadUntil_BeyondLength_IsCappedAtLength()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 64);

        sut.ReadUntil(DataLength * 10);
        var read = await ReadToEndAsync(sut, chunk: 4096);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.EqualTo(Data));
            Assert.That(store.Ranges, Is.EqualTo(new[] { (0L, (long)DataLength) }));
        }
    }

    [Test]
    public async Task ReadAsync_ForwardSeekWithinMaxSkip_ReusesTheOpenResponse()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 1000, forwardSkipBytes: 100);
        await sut.ReadExactlyAsync(new byte[10]);

        sut.Seek(50, SeekOrigin.Current);
        var buffer = new byte[10];
        await sut.ReadExactlyAsync(buffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(buffer, Is.EqualTo(Data.AsSpan(60, 10).ToArray()));
            Assert.That(store.OpenCount, Is.EqualTo(1));
            Assert.That(sut.Position, Is.EqualTo(70));
        }
    }

    [Test]
    public async Task ReadAsync_ForwardSeekBeyondMaxSkip_OpensANewRange()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 1000, forwardSkipBytes: 100);
        await sut.ReadExactlyAsync(new byte[10]);

        sut.Seek(101, SeekOrigin.Current);
        var buffer = new byte[10];
        await sut.ReadExactlyAsync(buffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(buffer, Is.EqualTo(Data.AsSpan(111, 10).ToArray()));
            Assert.That(store.Ranges.Select(r => r.Offset), Is.EqualTo(Offsets(0, 111)));
            Assert.That(store.DisposedResponses, Is.EqualTo(1), "the abandoned response is closed");
        }
    }

    [Test]
    public async Task Dispose_Twice_DoesNotThrowAndClosesTheResponseOnce()
    {
        var store = new ByteArrayObjectStore(Data);
        var sut = CreateSut(store, readAhead: 1000);
        await sut.ReadExactlyAsync(new byte[10]);

        sut.Dispose();

        Assert.That(() => sut.Dispose(), Throws.Nothing);
        Assert.That(async () => await sut.DisposeAsync(), Throws.Nothing);
        Assert.That(store.DisposedResponses, Is.EqualTo(1));
    }

    [Test]
    public async Task DisposeAsync_Twice_DoesNotThrowAndClosesTheResponse()
    {
        var store = new ByteArrayObjectStore(Data);
        var sut = CreateSut(store, readAhead: 1000);
        await sut.ReadExactlyAsync(new byte[10]);

        await sut.DisposeAsync();

        Assert.That(async () => await sut.DisposeAsync(), Throws.Nothing);
        Assert.That(store.DisposedResponses, Is.EqualTo(1));
        Assert.That(sut.CanRead, Is.False);
    }

    private static readonly Dictionary<string, Func<RangedReadStream, Task>> Members = new()
    {
        ["Length"] = s => Task.FromResult(s.Length),
        ["Position get"] = s => Task.FromResult(s.Position),
        ["Position set"] = s => Task.Run(() => s.Position = 1),
        ["Seek"] = s => Task.FromResult(s.Seek(0, SeekOrigin.Begin)),
        ["ReadUntil"] = s => Task.Run(() => s.ReadUntil(10)),
        ["ReadAsync(Memory)"] = s => s.ReadAsync(new byte[1].AsMemory()).AsTask(),
        ["ReadAsync(byte[])"] = s => s.ReadAsync(new byte[1], 0, 1, CancellationToken.None),
        ["ReadAsync(empty)"] = s => s.ReadAsync(Memory<byte>.Empty).AsTask(),
        ["Read(byte[])"] = s => Task.FromResult(s.Read(new byte[1], 0, 1)),
        ["Read(Span)"] = s => Task.FromResult(s.Read(new byte[1].AsSpan())),
        ["Write"] = s => Task.Run(() => s.Write(new byte[1], 0, 1)),
        ["SetLength"] = s => Task.Run(() => s.SetLength(1)),
    };

    private static IEnumerable<string> MemberNames => Members.Keys;

    [TestCaseSource(nameof(MemberNames))]
    public async Task Member_AfterDispose_ThrowsObjectDisposedException(string member)
    {
        var store = new ByteArrayObjectStore(Data);
        var sut = CreateSut(store);
        await sut.DisposeAsync();

        Assert.That(async () => await Members[member](sut), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Read_Synchronous_ThrowsNotSupportedWithoutARequest()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => sut.Read(new byte[10], 0, 10), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.Read(new byte[10].AsSpan()), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.ReadByte(), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.Write(new byte[1], 0, 1), Throws.TypeOf<NotSupportedException>());
            Assert.That(store.OpenCount, Is.Zero);
        }
    }

    [Test]
    public async Task ReadAsync_ResponseEndsEarly_ResumesFromTheCurrentOffsetWithExactBytes()
    {
        var store = new ByteArrayObjectStore(Data) { ShortResponses = 2, ShortResponseBytes = 30 };
        await using var sut = CreateSut(store, readAhead: 1000, resumeAttempts: 2);

        var read = await ReadToEndAsync(sut, chunk: 100);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.EqualTo(Data));
            Assert.That(store.Ranges.Select(r => r.Offset), Is.EqualTo(Offsets(0, 30, 60)));
            Assert.That(sut.RequestCount, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task ReadAsync_ResponseKeepsEndingEarly_ThrowsIOExceptionAfterResumeAttempts()
    {
        var store = new ByteArrayObjectStore(Data) { ShortResponses = int.MaxValue, ShortResponseBytes = 0 };
        await using var sut = CreateSut(store, readAhead: 1000, resumeAttempts: 2);

        Assert.That(async () => await sut.ReadAsync(new byte[10]), Throws.InstanceOf<IOException>());
        Assert.That(store.OpenCount, Is.EqualTo(3));
    }

    [Test]
    public async Task ReadAsync_OpenFailsWithNetworkError_IsRetriedAndSucceeds()
    {
        var store = new ByteArrayObjectStore(Data);
        store.OpenFailures.Enqueue(new HttpRequestException("connection reset"));
        await using var sut = CreateSut(store, readAhead: 1000, resumeAttempts: 1);

        var read = await ReadToEndAsync(sut, chunk: 333);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.EqualTo(Data));
            Assert.That(store.OpenCount, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task ReadAsync_SourceChanged_IsNotRetried()
    {
        var store = new ByteArrayObjectStore(Data);
        store.OpenFailures.Enqueue(new SourceChangedException("replaced"));
        await using var sut = CreateSut(store, resumeAttempts: 3);

        Assert.That(async () => await sut.ReadAsync(new byte[10]), Throws.TypeOf<SourceChangedException>());
        Assert.That(store.OpenCount, Is.EqualTo(1));
    }

    [Test]
    public async Task ReadAsync_CanceledBeforeOpening_ThrowsOperationCanceledWithoutRetry()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, resumeAttempts: 3);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        Assert.That(async () => await sut.ReadAsync(new byte[10], cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(store.OpenCount, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public async Task ReadAsync_CanceledWithAnOpenResponse_ThrowsOperationCanceledWithoutReopening()
    {
        var store = new ByteArrayObjectStore(Data);
        await using var sut = CreateSut(store, readAhead: 1000, resumeAttempts: 3);
        await sut.ReadExactlyAsync(new byte[10]);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        Assert.That(async () => await sut.ReadAsync(new byte[10], cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(store.OpenCount, Is.EqualTo(1));
    }
}
