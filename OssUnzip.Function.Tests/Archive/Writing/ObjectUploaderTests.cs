using System.IO.Hashing;
using System.Net;
using Amazon.S3;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Function.Tests.Storage;

namespace OssUnzip.Function.Tests.Archive.Writing;

public sealed class ObjectUploaderTests
{
    private const int PartSize = 64 * 1024;
    private const string Bucket = "bucket";

    private FakeLogger<ObjectUploader> _logger = null!;

    /// <summary>NUnit shares one fixture instance between tests: each test gets a logger of its own.</summary>
    [SetUp]
    public void CreateLogger() => _logger = new FakeLogger<ObjectUploader>();

    private ObjectUploader CreateSut(ByteArrayObjectStore store, TimeSpan? abortTimeout = null)
    {
        var options = new ArchiveOptions { PartSizeBytes = PartSize, MaxBufferedBytes = 8L * PartSize, UploadConcurrency = 4 };
        return new ObjectUploader(store, Options.Create(options), new ByteBudget(options.MaxBufferedBytes), _logger, abortTimeout ?? ObjectUploader.DefaultAbortTimeout);
    }

    private ObjectUploader CreateSut(ByteArrayObjectStore store, TimeProvider timeProvider)
    {
        var options = new ArchiveOptions { PartSizeBytes = PartSize, MaxBufferedBytes = 8L * PartSize, UploadConcurrency = 4, MaxUploadConcurrency = 8 };
        return new ObjectUploader(store, Options.Create(options), new ByteBudget(options.MaxBufferedBytes), _logger, ObjectUploader.DefaultAbortTimeout, timeProvider);
    }

    private static AmazonS3Exception SlowDown() => new("Please reduce your request rate.") { StatusCode = HttpStatusCode.ServiceUnavailable, ErrorCode = "SlowDown" };

    [Test]
    public async Task UploadAsync_PutThrottledOnce_HalvesTheLimitWaitsAndSendsTheSameBodyAgain()
    {
        var store = new ByteArrayObjectStore([]);
        store.PutFailures.Enqueue(SlowDown());
        var time = new FakeTimeProvider();
        using var sut = CreateSut(store, time);
        var data = TestData.Random(1000, 7);
        var tally = new Tally();

        var upload = await sut.UploadAsync(Bucket, "unzip/small.bin", "application/octet-stream", Reader(data), data.Length, tally, CancellationToken.None);
        var waitedForBackOff = !upload.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        await upload;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(waitedForBackOff, Is.True);
            Assert.That(store.Objects["unzip/small.bin"], Is.EqualTo(data));
            Assert.That(tally.Objects, Is.EqualTo(1));
            Assert.That(sut.UploadLimit, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task UploadAsync_PutThrottledPastTheRetries_RethrowsTheStoresError()
    {
        var store = new ByteArrayObjectStore([]);
        for (var i = 0; i <= ObjectUploader.ThrottleRetries; i++)
        {
            store.PutFailures.Enqueue(SlowDown());
        }

        var time = new FakeTimeProvider();
        using var sut = CreateSut(store, time);
        var data = TestData.Random(1000, 8);

        var upload = await sut.UploadAsync(Bucket, "unzip/small.bin", "application/octet-stream", Reader(data), data.Length, new Tally(), CancellationToken.None);
        // Each back-off's timer is set from a continuation: move the clock until the upload has ended.
        for (var i = 0; i < 500 && !upload.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(10);
        }

        var thrown = Assert.ThrowsAsync<AmazonS3Exception>(async () => await upload);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown!.ErrorCode, Is.EqualTo("SlowDown"));
            Assert.That(store.Objects, Is.Empty);
        }
    }

    [Test]
    public async Task UploadAsync_PutFailsForAnotherReason_NotRetried()
    {
        var store = new ByteArrayObjectStore([]);
        var original = new IOException("connection reset");
        store.PutFailures.Enqueue(original);
        using var sut = CreateSut(store, new FakeTimeProvider());
        var data = TestData.Random(1000, 9);

        var upload = await sut.UploadAsync(Bucket, "unzip/small.bin", "application/octet-stream", Reader(data), data.Length, new Tally(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(async () => await upload, Throws.Exception.SameAs(original));
            Assert.That(sut.UploadLimit, Is.EqualTo(4));
        }
    }

    private static EntryContentReader Reader(byte[] data) => new(new MemoryStream(data), "big.bin", data.Length, Crc32.HashToUInt32(data));

    [Test]
    public async Task UploadAsync_ContentOverThePartSize_CompletesAMultipartUploadOfTheWholeContent()
    {
        var store = new ByteArrayObjectStore([]);
        using var sut = CreateSut(store);
        var data = TestData.Random((3 * PartSize) + 100, 1);
        var tally = new Tally();

        var upload = await sut.UploadAsync(Bucket, "unzip/big.bin", "application/octet-stream", Reader(data), data.Length, tally, CancellationToken.None);
        await upload;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(store.Objects["unzip/big.bin"], Is.EqualTo(data));
            Assert.That(tally.Puts, Is.EqualTo(1 + 4 + 1), "start, four parts, completion");
            Assert.That(tally.Bytes, Is.EqualTo(data.Length));
            Assert.That(tally.Objects, Is.EqualTo(1));
            Assert.That(store.Aborts, Is.Empty);
        }
    }

    [Test]
    public void UploadAsync_ContentFailsItsCrcAfterPartsWereUploaded_AbortedAndNoBytesCounted()
    {
        // An encrypted entry read with a wrong password that passed its verifier (decision 0041): the
        // parts go up before the CRC-32 at the end fails; the retry writes the object again, so the
        // aborted parts must not count as written bytes.
        var store = new ByteArrayObjectStore([]);
        using var sut = CreateSut(store);
        var data = TestData.Random((3 * PartSize) + 100, 3);
        var reader = new EntryContentReader(new MemoryStream(data), "big.bin", data.Length, Crc32.HashToUInt32(data) ^ 1);
        var tally = new Tally();

        Assert.ThrowsAsync<EntryCorruptException>(async () => await await sut.UploadAsync(Bucket, "unzip/big.bin", "application/octet-stream", reader, data.Length, tally, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(store.Aborts, Has.Count.EqualTo(1));
            Assert.That(tally.Puts, Is.GreaterThan(1), "the start and at least one part went up before the failure");
            Assert.That(tally.Bytes, Is.Zero);
            Assert.That(tally.Objects, Is.Zero);
            Assert.That(store.Objects, Is.Empty);
        }
    }

    [Test]
    public void UploadAsync_PartFails_AbortsWithItsOwnTokenAndRethrowsTheOriginalError()
    {
        var store = new ByteArrayObjectStore([]);
        var original = new IOException("part 2 failed");
        store.PartFailures[2] = original;
        using var sut = CreateSut(store);
        var data = TestData.Random(3 * PartSize, 2);
        using var caller = new CancellationTokenSource();

        var thrown = Assert.ThrowsAsync<IOException>(async () => await sut.UploadAsync(Bucket, "unzip/big.bin", "application/octet-stream", Reader(data), data.Length, new Tally(), caller.Token));

        var abort = store.Aborts.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown, Is.SameAs(original));
            Assert.That(abort.UploadId, Is.EqualTo("upload-1"));
            Assert.That(abort.Token, Is.Not.EqualTo(caller.Token), "the abort must not depend on the caller's token");
            Assert.That(abort.Token.CanBeCanceled, Is.True, "the abort has a timeout of its own");
            Assert.That(store.Objects, Is.Empty);
            Assert.That(_logger.Collector.GetSnapshot().Select(r => $"{r.Id.Id} {r.Message}"), Is.Empty, "a successful abort logs nothing");
        }
    }

    [Test]
    public void UploadAsync_AbortHangs_GivesUpAfterItsTimeoutLogsAndRethrowsTheOriginalError()
    {
        var store = new ByteArrayObjectStore([]);
        var original = new IOException("part 1 failed");
        store.PartFailures[1] = original;
        store.AbortBehaviour = token => Task.Delay(Timeout.Infinite, token);
        using var sut = CreateSut(store, abortTimeout: TimeSpan.FromMilliseconds(100));
        var data = TestData.Random(2 * PartSize, 3);

        var thrown = Assert.ThrowsAsync<IOException>(async () => await sut.UploadAsync(Bucket, "unzip/big.bin", "application/octet-stream", Reader(data), data.Length, new Tally(), CancellationToken.None));

        var logged = _logger.Collector.GetSnapshot().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown, Is.SameAs(original));
            Assert.That(logged.Id.Id, Is.EqualTo(1006));
            Assert.That(logged.Exception, Is.InstanceOf<OperationCanceledException>());
            Assert.That(logged.Message, Does.Contain("upload-1").And.Contain(nameof(IOException)));
        }
    }

    [Test]
    public async Task UploadAsync_ContentUpToThePartSize_IsOnePut()
    {
        var store = new ByteArrayObjectStore([]);
        using var sut = CreateSut(store);
        var data = TestData.Random(PartSize, 4);
        var tally = new Tally();

        var upload = await sut.UploadAsync(Bucket, "unzip/small.bin", "text/plain", Reader(data), data.Length, tally, CancellationToken.None);
        await upload;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(store.Objects["unzip/small.bin"], Is.EqualTo(data));
            Assert.That(tally.Puts, Is.EqualTo(1));
            Assert.That(tally.Objects, Is.EqualTo(1));
        }
    }

    private sealed class Tally : IUploadTally
    {
        private int _puts;
        private long _bytes;
        private int _objects;

        public int Puts => _puts;

        public long Bytes => Interlocked.Read(ref _bytes);

        public int Objects => _objects;

        public void AddPut() => Interlocked.Increment(ref _puts);

        public void AddBytes(long count) => Interlocked.Add(ref _bytes, count);

        public void AddWrittenObject() => Interlocked.Increment(ref _objects);
    }
}
