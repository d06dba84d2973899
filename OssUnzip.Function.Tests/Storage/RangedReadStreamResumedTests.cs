using Moq;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Storage;

/// <summary>The hook the storage-retries metric counts through.</summary>
public sealed class RangedReadStreamResumedTests
{
    private static readonly ObjectVersion Version = new(8, "\"v1\"");

    [Test]
    public async Task ReadAsync_ResponseDropsOnce_ResumesAndReportsOneResume()
    {
        var store = new Mock<IObjectStore>(MockBehavior.Strict);
        store.SetupSequence(s => s.OpenRangeAsync(new ArchiveSource("b", "zip/a.zip", Version), 0, 8, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DroppingStream())
            .ReturnsAsync(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]));
        var resumes = 0;
        var settings = RangedReadSettings.Default with { ResumeBaseDelay = TimeSpan.Zero };
        await using var sut = new RangedReadStream(store.Object, new ArchiveSource("b", "zip/a.zip", Version), settings, resumed: () => resumes++);

        var buffer = new byte[8];
        var read = await sut.ReadAsync(buffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.EqualTo(8));
            Assert.That(buffer, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
            Assert.That(resumes, Is.EqualTo(1));
        }
    }

    private sealed class DroppingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("connection reset by peer"));
    }
}
