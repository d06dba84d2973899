using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Storage;

public sealed class ReadOnlyStreamTests
{
    private static readonly byte[] Data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    private static MemoryView CreateSut(bool canSeek = true) => new(Data, canSeek);

    [Test]
    public void Capabilities_Open_ReadAndSeekAsDeclaredNeverWrite()
    {
        using var seekable = CreateSut();
        using var forwardOnly = CreateSut(canSeek: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(seekable.CanRead, Is.True);
            Assert.That(seekable.CanSeek, Is.True);
            Assert.That(seekable.CanWrite, Is.False);
            Assert.That(forwardOnly.CanRead, Is.True);
            Assert.That(forwardOnly.CanSeek, Is.False);
            Assert.That(forwardOnly.CanWrite, Is.False);
        }
    }

    // The byte[] overloads are what these tests are about (CA1835 asks for the Memory overload).
#pragma warning disable CA1835
    [Test]
    public async Task ReadOverloads_ByteArray_ForwardToSpanAndMemory()
    {
        using var sut = CreateSut();
        var buffer = new byte[6];

        var read = sut.Read(buffer, 1, 2);
        var readAsync = await sut.ReadAsync(buffer, 3, 3, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((read, readAsync), Is.EqualTo((2, 3)));
            Assert.That(buffer, Is.EqualTo(new byte[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(sut.Position, Is.EqualTo(5));
            Assert.That(sut.SpanReads, Is.EqualTo(1));
            Assert.That(sut.MemoryReads, Is.EqualTo(1));
        }
    }

    [Test]
    public void ReadOverloads_BadArguments_ThrowBeforeReading()
    {
        using var sut = CreateSut();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => sut.Read(null!, 0, 1), Throws.ArgumentNullException);
            Assert.That(() => sut.Read(new byte[4], 3, 2), Throws.InstanceOf<ArgumentException>());
            Assert.That(() => sut.ReadAsync(new byte[4], -1, 1, CancellationToken.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(sut.SpanReads + sut.MemoryReads, Is.Zero);
        }
    }

    [Test]
    public async Task Read_ZeroLengthAndPastTheEnd_ReturnZero()
    {
        using var sut = CreateSut();

        var empty = sut.Read([], 0, 0);
        sut.Seek(3, SeekOrigin.End);
        var past = await sut.ReadAsync(new byte[4], 0, 4, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(empty, Is.Zero);
            Assert.That(past, Is.Zero);
            Assert.That(sut.Position, Is.EqualTo(Data.Length + 3), "a seek past the end is allowed");
        }
    }

#pragma warning restore CA1835

    [TestCase(4, SeekOrigin.Begin, 4)]
    [TestCase(-2, SeekOrigin.End, 8)]
    [TestCase(0, SeekOrigin.Current, 0)]
    public void Seek_Seekable_MovesThePositionOnly(long offset, SeekOrigin origin, long expected)
    {
        using var sut = CreateSut();

        var position = sut.Seek(offset, origin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(position, Is.EqualTo(expected));
            Assert.That(sut.Position, Is.EqualTo(expected));
            Assert.That(sut.SpanReads + sut.MemoryReads, Is.Zero, "a seek reads nothing");
        }
    }

    [Test]
    public void Seek_BeforeTheStart_ThrowsIOExceptionAndKeepsThePosition()
    {
        using var sut = CreateSut();
        sut.Position = 2;

        Assert.That(() => sut.Seek(-3, SeekOrigin.Current), Throws.TypeOf<IOException>());
        Assert.That(sut.Position, Is.EqualTo(2));
    }

    [Test]
    public void Members_ForwardOnly_NotSupported()
    {
        using var sut = CreateSut(canSeek: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => sut.Length, Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.Position, Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.Position = 0, Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.Seek(0, SeekOrigin.Begin), Throws.TypeOf<NotSupportedException>());
        }
    }

    [Test]
    public void Write_Open_NotSupported()
    {
        using var sut = CreateSut();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => sut.Write(new byte[1], 0, 1), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.Write(new byte[1].AsSpan()), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.SetLength(1), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => sut.Flush(), Throws.Nothing);
        }
    }

    [Test]
    public async Task Dispose_TwiceEachWay_ReleasesOnceAndClosesTheStream()
    {
        var sut = CreateSut();

        sut.Dispose();
        sut.Dispose();
        await sut.DisposeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sut.Releases, Is.EqualTo(1));
            Assert.That(sut.CanRead, Is.False);
            Assert.That(sut.CanSeek, Is.False);
        }
    }

    [Test]
    public async Task DisposeAsync_Twice_ReleasesOnceAsynchronously()
    {
        var sut = CreateSut();

        await sut.DisposeAsync();
        await sut.DisposeAsync();
        sut.Dispose();

        Assert.That((sut.AsyncReleases, sut.Releases), Is.EqualTo((1, 0)));
    }

    private static readonly Dictionary<string, Func<Stream, object>> Members = new()
    {
        ["Length"] = s => s.Length,
        ["Position get"] = s => s.Position,
        ["Position set"] = s => s.Position = 0,
        ["Seek"] = s => s.Seek(0, SeekOrigin.Begin),
        ["Read(byte[])"] = s => s.Read(new byte[1], 0, 1),
        ["Read(Span)"] = s => s.Read(new byte[1].AsSpan()),
        ["ReadAsync(byte[])"] = s => s.ReadAsync(new byte[1], 0, 1, CancellationToken.None),
        ["ReadAsync(Memory)"] = s => s.ReadAsync(new byte[1].AsMemory()).AsTask(),
        ["Write"] = s =>
        {
            s.Write(new byte[1], 0, 1);
            return s;
        },
        ["SetLength"] = s =>
        {
            s.SetLength(1);
            return s;
        },
    };

    private static IEnumerable<string> MemberNames => Members.Keys;

    [TestCaseSource(nameof(MemberNames))]
    public void Member_AfterDispose_ThrowsObjectDisposedException(string member)
    {
        var seekable = CreateSut();
        var forwardOnly = CreateSut(canSeek: false);
        seekable.Dispose();
        forwardOnly.Dispose();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => Members[member](seekable), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => Members[member](forwardOnly), Throws.TypeOf<ObjectDisposedException>(), "disposed is checked before capability");
        }
    }

    /// <summary>The smallest stream on the base: a byte array, read from the base's position.</summary>
    private sealed class MemoryView(byte[] data, bool canSeek) : ReadOnlyStream(canSeek)
    {
        public int SpanReads { get; private set; }

        public int MemoryReads { get; private set; }

        public int Releases { get; private set; }

        public int AsyncReleases { get; private set; }

        protected override long StreamLength => data.Length;

        public override int Read(Span<byte> buffer)
        {
            ThrowIfDisposed();
            SpanReads++;
            return Copy(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            MemoryReads++;
            return ValueTask.FromResult(Copy(buffer.Span));
        }

        protected override void DisposeResources() => Releases++;

        protected override ValueTask DisposeResourcesAsync()
        {
            AsyncReleases++;
            return ValueTask.CompletedTask;
        }

        private int Copy(Span<byte> buffer)
        {
            if (buffer.IsEmpty || ReadPosition >= data.Length)
            {
                return 0;
            }

            var count = Math.Min(buffer.Length, data.Length - (int)ReadPosition);
            data.AsSpan((int)ReadPosition, count).CopyTo(buffer);
            ReadPosition += count;
            return count;
        }
    }
}
