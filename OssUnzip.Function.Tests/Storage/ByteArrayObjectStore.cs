using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Storage;

/// <summary>
/// A hand-written <see cref="IObjectStore"/> serving one byte array as ranged reads, recording every
/// range opened; it can cut responses short or fail opens to exercise resume paths. Writes are not served.
/// </summary>
internal sealed class ByteArrayObjectStore(byte[] data, string eTag = "\"etag-1\"") : IObjectStore
{
    private readonly List<(long Offset, long End)> _ranges = [];

    public ObjectVersion Version { get; } = new(data.Length, eTag);

    /// <summary>Ranges requested, in order, including ones that failed.</summary>
    public IReadOnlyList<(long Offset, long End)> Ranges => _ranges;

    public int OpenCount => _ranges.Count;

    /// <summary>The next this-many responses deliver only this many bytes and then end.</summary>
    public int ShortResponses { get; set; }

    public int ShortResponseBytes { get; set; }

    /// <summary>Thrown by the next open calls, one per call, in order.</summary>
    public Queue<Exception> OpenFailures { get; } = new();

    public int DisposedResponses { get; private set; }

    public Task<ObjectVersion?> TryGetVersionAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Task.FromResult<ObjectVersion?>(Version);

    public Task<Stream> OpenRangeAsync(ArchiveSource source, long offset, long endExclusive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        _ranges.Add((offset, endExclusive));
        cancellationToken.ThrowIfCancellationRequested();
        if (OpenFailures.TryDequeue(out var failure))
        {
            throw failure;
        }

        if (source.Version != Version)
        {
            throw new SourceChangedException("version mismatch");
        }

        Assert.That(offset, Is.InRange(0, endExclusive - 1), "the stream asked for an empty or inverted range");
        Assert.That(endExclusive, Is.LessThanOrEqualTo(data.Length), "the stream asked for bytes past the end");
        var length = (int)(endExclusive - offset);
        if (ShortResponses > 0)
        {
            ShortResponses--;
            length = Math.Min(length, ShortResponseBytes);
        }

        Stream response = new TrackedResponse(data, (int)offset, length, this);
        return Task.FromResult(response);
    }

    public Task<byte[]?> TryGetPrefixAsync(string bucket, string key, int maxBytes, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task PutObjectAsync(string bucket, string key, Stream content, long length, string contentType, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<string> StartMultipartUploadAsync(string bucket, string key, string contentType, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<UploadedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream content, long length, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private sealed class TrackedResponse(byte[] buffer, int index, int count, ByteArrayObjectStore owner) : MemoryStream(buffer, index, count, writable: false)
    {
        private bool _counted;

        protected override void Dispose(bool disposing)
        {
            if (!_counted)
            {
                _counted = true;
                owner.DisposedResponses++;
            }

            base.Dispose(disposing);
        }
    }
}
