using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Tests.Expansion;

public sealed class ManifestJsonStreamTests
{
    private static ExpansionManifest Manifest(int objects)
    {
        var written = Enumerable.Range(0, objects)
            .Select(i => new WrittenObject(i % 3 == 0 ? $"unzip/报告/第{i}章.txt" : $"unzip/报告/<f{i}>.bin", i, (uint)i * 2654435761u))
            .ToList();
        var report = new ExpansionReport(
            "bucket",
            "zip/报告.zip",
            "\"etag\"",
            1234,
            "unzip/报告/",
            written.Count,
            written.Sum(o => o.Size),
            2,
            [new EntryNote("link", "a symbolic link") { Code = EntryNoteCodes.Symlink }],
            [new EntryNote("a/../b", "renamed") { Code = EntryNoteCodes.Symlink }],
            written,
            DateTimeOffset.UnixEpoch,
            42,
            3,
            4);
        return ExpansionManifest.From(report, DateTimeOffset.UnixEpoch.AddSeconds(5));
    }

    private static byte[] ReadAll(Stream stream, int readSize)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(ManifestJsonStream.EntriesPerChunk)]
    [TestCase(1000)]
    public void Read_AnyEntryCount_SameBytesAsTheBufferedManifest(int objects)
    {
        var manifest = Manifest(objects);
        using var expected = manifest.ToUtf8JsonStream();

        using var stream = manifest.OpenUtf8JsonStream();
        var bytes = ReadAll(stream, 7);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Length, Is.EqualTo(expected.Length));
            Assert.That(bytes, Is.EqualTo(expected.ToArray()));
            Assert.That(ExpansionManifest.TryParse(bytes)?.Entries, Has.Count.EqualTo(objects));
        }
    }

    [Test]
    public async Task ReadAsync_RewoundAfterAFullRead_ReadsTheSameBytesAgain()
    {
        var manifest = Manifest(300);
        using var stream = manifest.OpenUtf8JsonStream();
        var first = ReadAll(stream, 4096);

        stream.Position = 0;
        using var second = new MemoryStream();
        await stream.CopyToAsync(second);

        Assert.That(second.ToArray(), Is.EqualTo(first));
    }

    [Test]
    public void Read_SeekIntoTheMiddle_ReadsFromThere()
    {
        var manifest = Manifest(300);
        using var expected = manifest.ToUtf8JsonStream();
        using var stream = manifest.OpenUtf8JsonStream();
        ReadAll(stream, 1000);

        stream.Seek(-5000, SeekOrigin.End);
        var tail = ReadAll(stream, 333);

        Assert.That(tail, Is.EqualTo(expected.ToArray()[^5000..]));
    }

    [Test]
    public void Read_PastTheEndOrEmptyBuffer_ReturnsZero()
    {
        using var stream = Manifest(3).OpenUtf8JsonStream();
        stream.Position = stream.Length + 10;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Read(new byte[10]), Is.Zero);
            stream.Position = 0;
            Assert.That(stream.Read([]), Is.Zero);
        }
    }

    [Test]
    public void Seek_BeforeTheStart_Throws()
    {
        using var stream = Manifest(3).OpenUtf8JsonStream();

        Assert.That(() => stream.Seek(-1, SeekOrigin.Begin), Throws.TypeOf<IOException>());
    }

    [Test]
    public void Write_Always_NotSupported()
    {
        using var stream = Manifest(3).OpenUtf8JsonStream();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.CanWrite, Is.False);
            Assert.That(() => stream.Write(new byte[1], 0, 1), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => stream.SetLength(1), Throws.TypeOf<NotSupportedException>());
        }
    }

    [Test]
    public void Dispose_Twice_ThenUse_ThrowsObjectDisposed()
    {
        var stream = Manifest(3).OpenUtf8JsonStream();

        stream.Dispose();
        stream.Dispose();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.CanRead, Is.False);
            Assert.That(() => stream.Read(new byte[1]), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => stream.Length, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => stream.Position = 0, Throws.TypeOf<ObjectDisposedException>());
        }
    }
}
