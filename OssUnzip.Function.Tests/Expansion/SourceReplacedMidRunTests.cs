using System.IO.Compression;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion;

/// <summary>
/// An archive overwritten while its entries are being read, through the real expander and s3rver (which
/// ignores If-Match): the run ends as source-changed, never as a corrupt archive, and records no
/// rejection. ZipArchive wraps what the read throws ("Central Directory corrupt"), which once made a
/// replaced source look like a corrupt one.
/// </summary>
[Category("Integration")]
public sealed class SourceReplacedMidRunTests() : S3rverFixture("replaced", 4)
{
    [TestCase(1_000, 1, TestName = "ExpandAsync_ReplacedByAShorterArchiveBeforeTheFirstBatch_ThrowsSourceChanged")]
    [TestCase(4_000_000, 1, TestName = "ExpandAsync_ReplacedByALongerArchiveBeforeTheFirstBatch_ThrowsSourceChanged")]
    [TestCase(1_000, 2, TestName = "ExpandAsync_ReplacedByAShorterArchiveBeforeTheSecondBatch_ThrowsSourceChanged")]
    [TestCase(4_000_000, 2, TestName = "ExpandAsync_ReplacedByALongerArchiveBeforeTheSecondBatch_ThrowsSourceChanged")]
    public async Task ExpandAsync_ReplacedMidRun_ThrowsSourceChanged(int replacementLength, int beforeRead)
    {
        var bucket = NextBucket();
        var zip = new ZipBuilder();
        for (var i = 0; i < 20; i++)
        {
            zip.File($"f{i:D2}.bin", TestData.Random(100_000, i), CompressionLevel.NoCompression);
        }

        await TestData.PutAsync(Client, bucket, "zip/a.zip", zip.Build());
        var replacement = TestData.Random(replacementLength, 99);
        // One reader, batches of 5 entries (500 KB) and ranges of 256 KiB: the data is read in several ranges.
        var settings = new Dictionary<string, string?> { ["Archive:ReadConcurrency"] = "1", ["Archive:BatchEntries"] = "5", ["Archive:ReadAheadBytes"] = (256 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var host = CreateHost(bucket, settings, configureServices: services => services.Replace(ServiceDescriptor.Singleton<IObjectStore>(
            sp => new ReplaceBeforeBigRead(new S3ObjectStore(sp.GetRequiredService<IAmazonS3>()), beforeRead, () => TestData.PutAsync(Client, bucket, "zip/a.zip", replacement)))));

        Assert.That(
            async () => await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/a.zip"), CancellationToken.None),
            Throws.TypeOf<SourceChangedException>());
        var records = await Client.ListObjectsV2Async(new() { BucketName = bucket, Prefix = "unzip/a/.ossunzip/" });
        Assert.That(records.S3Objects?.Select(o => o.Key) ?? [], Is.Empty, "no rejection record and no manifest");
    }

    [Test]
    public void FindIn_WrappedTwice_FindsTheSourceChange()
    {
        var changed = new SourceChangedException("replaced");

        var found = SourceChangedException.FindIn(new InvalidOperationException("outer", new InvalidDataException("Central Directory corrupt.", changed)));

        Assert.That(found, Is.SameAs(changed));
    }

    [Test]
    public void FindIn_NoSourceChange_ReturnsNull() =>
        Assert.That(SourceChangedException.FindIn(new InvalidDataException("corrupt", new IOException("cut"))), Is.Null);

    /// <summary>Overwrites the archive once, just before the <c>n</c>th range of at least 128 KiB (entry data, not the directory) is opened.</summary>
    private sealed class ReplaceBeforeBigRead(IObjectStore inner, int n, Func<Task> replace) : IObjectStore
    {
        private int _bigReads;

        public async Task<Stream> OpenRangeAsync(ArchiveSource source, long offset, long endExclusive, CancellationToken cancellationToken)
        {
            if (endExclusive - offset >= 128 * 1024 && Interlocked.Increment(ref _bigReads) == n)
            {
                await replace();
            }

            return await inner.OpenRangeAsync(source, offset, endExclusive, cancellationToken);
        }

        public Task<ObjectVersion?> TryGetVersionAsync(string bucket, string key, CancellationToken cancellationToken) => inner.TryGetVersionAsync(bucket, key, cancellationToken);

        public Task<byte[]?> TryGetPrefixAsync(string bucket, string key, int maxBytes, CancellationToken cancellationToken) => inner.TryGetPrefixAsync(bucket, key, maxBytes, cancellationToken);

        public Task PutObjectAsync(string bucket, string key, Stream content, long length, ObjectHeaders headers, CancellationToken cancellationToken) => inner.PutObjectAsync(bucket, key, content, length, headers, cancellationToken);

        public Task<CreateResult> TryCreateObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) => inner.TryCreateObjectAsync(bucket, key, content, contentType, cancellationToken);

        public Task<string> StartMultipartUploadAsync(string bucket, string key, ObjectHeaders headers, CancellationToken cancellationToken) => inner.StartMultipartUploadAsync(bucket, key, headers, cancellationToken);

        public Task<UploadedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream content, long length, CancellationToken cancellationToken) => inner.UploadPartAsync(bucket, key, uploadId, partNumber, content, length, cancellationToken);

        public Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken) => inner.CompleteMultipartUploadAsync(bucket, key, uploadId, parts, cancellationToken);

        public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) => inner.AbortMultipartUploadAsync(bucket, key, uploadId, cancellationToken);

        public Task<KeyPage> ListKeysAsync(string bucket, string prefix, string? marker, CancellationToken cancellationToken) => inner.ListKeysAsync(bucket, prefix, marker, cancellationToken);

        public Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken) => inner.DeleteObjectAsync(bucket, key, cancellationToken);

        public Task PutObjectTagAsync(string bucket, string key, string tagKey, string tagValue, CancellationToken cancellationToken) => inner.PutObjectTagAsync(bucket, key, tagKey, tagValue, cancellationToken);
    }
}
