using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Storage;

/// <summary>
/// The local store's documented key limit (case long-segment-name, issue 20 §4): tools/s3rver keeps each
/// key segment as a file name, so a last segment holds at most 233 UTF-8 bytes (255 minus s3rver's
/// longest suffix of 22) and a folder segment 255. At and below the limit keys are held; above it the
/// write is refused with 400 KeyTooLongError, which our store adapter reports as a permanent
/// <see cref="ObjectRefusedException"/>, nothing is written, and the server stays up with its listing
/// intact. Lengths 232..242 bytes, in ASCII and in 2- and 3-byte UTF-8.
/// </summary>
[Category("Integration")]
public sealed class S3rverLongSegmentNameTests() : S3rverFixture(Bucket, "long-segment-name-folders")
{
    private const string Bucket = "long-segment-name";
    private const int LastSegmentLimit = 233;

    private S3ObjectStore CreateSut() => new(Client);

    /// <summary>A segment of exactly <paramref name="bytes"/> UTF-8 bytes: ASCII, 'é' (2 bytes) or '中' (3 bytes), padded with ASCII.</summary>
    private static string Segment(int bytes, string unit)
    {
        var unitBytes = System.Text.Encoding.UTF8.GetByteCount(unit);
        var repeat = bytes / unitBytes;
        return string.Concat(Enumerable.Repeat(unit, repeat)) + new string('a', bytes - (repeat * unitBytes));
    }

    private static IEnumerable<TestCaseData> LastSegments()
    {
        foreach (var unit in new[] { "A", "é", "中" })
        {
            for (var bytes = 232; bytes <= 242; bytes++)
            {
                yield return new TestCaseData(bytes, unit).SetArgDisplayNames($"{bytes} bytes of '{unit}'");
            }
        }
    }

    [TestCaseSource(nameof(LastSegments))]
    public async Task PutObjectAsync_LastSegmentAroundTheLocalLimit_HoldsItOrRefusesItCleanly(int bytes, string unit)
    {
        var key = $"unzip/{unit}-{bytes}/{Segment(bytes, unit)}";
        var sut = CreateSut();

        Exception? failure = null;
        try
        {
            await using var content = new MemoryStream([42], writable: false);
            await sut.PutObjectAsync(Bucket, key, content, 1, "application/octet-stream", CancellationToken.None);
        }
        catch (Exception e)
        {
            failure = e;
        }

        var listed = await TestData.ListKeysAsync(Client, Bucket, $"unzip/{unit}-{bytes}/");
        var version = await sut.TryGetVersionAsync(Bucket, key, CancellationToken.None);
        if (bytes <= LastSegmentLimit)
        {
            Assert.That(failure, Is.Null);
            Assert.That(listed, Is.EqualTo(new[] { key }));
            Assert.That(await TestData.GetBytesAsync(Client, Bucket, key), Is.EqualTo(new byte[] { 42 }));
        }
        else
        {
            var refused = failure as ObjectRefusedException;
            Assert.That(refused, Is.Not.Null, failure?.ToString());
            Assert.Multiple(() =>
            {
                Assert.That(refused!.StatusCode, Is.EqualTo(400));
                Assert.That(refused.ErrorCode, Is.EqualTo("KeyTooLongError"));
                Assert.That(refused.Key, Is.EqualTo(key));
                Assert.That(listed, Is.Empty, "nothing half-written");
                Assert.That(version, Is.Null, "a key the store cannot hold does not exist");
            });
        }
    }

    [Test]
    public async Task StartMultipartUploadAsync_LastSegmentOverTheLocalLimit_RefusedBeforeAnyPart()
    {
        var key = "unzip/multipart/" + Segment(241, "A");

        var failure = Assert.ThrowsAsync<ObjectRefusedException>(() => CreateSut().StartMultipartUploadAsync(Bucket, key, "application/octet-stream", CancellationToken.None));

        Assert.That(failure!.ErrorCode, Is.EqualTo("KeyTooLongError"));
        Assert.That(await TestData.ListKeysAsync(Client, Bucket, "unzip/multipart/"), Is.Empty);
    }

    [TestCase(255, true)]
    [TestCase(256, false)]
    public async Task PutObjectAsync_FolderSegmentAroundTheFileNameLimit_HoldsItOrRefusesItCleanly(int bytes, bool held)
    {
        const string bucket = "long-segment-name-folders";
        var key = $"unzip/{Segment(bytes, "B")}/x.txt";

        var put = async () =>
        {
            await using var content = new MemoryStream([1, 2, 3], writable: false);
            await CreateSut().PutObjectAsync(bucket, key, content, 3, "text/plain", CancellationToken.None);
        };

        if (held)
        {
            await put();
            Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/"), Does.Contain(key));
        }
        else
        {
            var failure = Assert.ThrowsAsync<ObjectRefusedException>(async () => await put());
            Assert.That(failure!.ErrorCode, Is.EqualTo("KeyTooLongError"));
            Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/"), Does.Not.Contain(key));
        }
    }

    [Test]
    public async Task PutObjectAsync_ManyRefusalsInARow_ServerStaysUpAndListsEverythingItHolds()
    {
        var sut = CreateSut();
        var held = new List<string>();
        for (var bytes = 228; bytes <= 260; bytes++)
        {
            var key = $"unzip/burst/{Segment(bytes, "Z")}";
            try
            {
                await using var content = new MemoryStream([7], writable: false);
                await sut.PutObjectAsync(Bucket, key, content, 1, "text/plain", CancellationToken.None);
                held.Add(key);
            }
            catch (ObjectRefusedException)
            {
            }
        }

        var listed = await TestData.ListKeysAsync(Client, Bucket, "unzip/burst/");
        var everything = await TestData.ListKeysAsync(Client, Bucket);

        Assert.That(held, Has.Count.EqualTo(LastSegmentLimit - 228 + 1));
        Assert.That(listed, Is.EquivalentTo(held));
        Assert.That(everything, Is.Not.Empty);
    }
}
