using System.Collections.Concurrent;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Storage;

/// <summary>
/// A hand-written <see cref="IObjectStore"/> serving one byte array as ranged reads, recording every
/// range opened; it can cut responses short or fail opens to exercise resume paths. Writes (PUT and
/// multipart) are kept in memory in <see cref="Objects"/>; parts and aborts can be made to fail.
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

    /// <summary>Objects written (by PUT or a completed multipart upload), by key.</summary>
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>Each PutObject takes the next of these, if any, and throws it instead of storing.</summary>
    public ConcurrentQueue<Exception> PutFailures { get; } = new();

    /// <summary>UploadPart throws this for the given part number.</summary>
    public ConcurrentDictionary<int, Exception> PartFailures { get; } = new();

    /// <summary>When set, AbortMultipartUpload runs this (with the token it was given) instead of succeeding.</summary>
    public Func<CancellationToken, Task>? AbortBehaviour { get; set; }

    /// <summary>Every abort: the upload id and the token it was called with.</summary>
    public ConcurrentQueue<(string UploadId, CancellationToken Token)> Aborts { get; } = new();

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, byte[]>> _uploads = new(StringComparer.Ordinal);
    private int _uploadCounter;

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

    public Task PutObjectAsync(string bucket, string key, Stream content, long length, ObjectHeaders headers, CancellationToken cancellationToken)
    {
        if (PutFailures.TryDequeue(out var failure))
        {
            return Task.FromException(failure);
        }

        Objects[key] = ReadAll(content, length);
        return Task.CompletedTask;
    }

    public Task<CreateResult> TryCreateObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        Task.FromResult(Objects.TryAdd(key, content.ToArray()) ? CreateResult.Created : CreateResult.AlreadyExists);

    public Task<string> StartMultipartUploadAsync(string bucket, string key, ObjectHeaders headers, CancellationToken cancellationToken)
    {
        var uploadId = $"upload-{Interlocked.Increment(ref _uploadCounter)}";
        _uploads[uploadId] = new ConcurrentDictionary<int, byte[]>();
        return Task.FromResult(uploadId);
    }

    public Task<UploadedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream content, long length, CancellationToken cancellationToken)
    {
        if (PartFailures.TryGetValue(partNumber, out var failure))
        {
            return Task.FromException<UploadedPart>(failure);
        }

        _uploads[uploadId][partNumber] = ReadAll(content, length);
        return Task.FromResult(new UploadedPart(partNumber, $"\"part-{partNumber}\""));
    }

    public Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var stored = _uploads[uploadId];
        Objects[key] = [.. parts.SelectMany(p => stored[p.PartNumber])];
        return Task.CompletedTask;
    }

    public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        Aborts.Enqueue((uploadId, cancellationToken));
        _uploads.TryRemove(uploadId, out _);
        return AbortBehaviour?.Invoke(cancellationToken) ?? Task.CompletedTask;
    }

    private static byte[] ReadAll(Stream content, long length)
    {
        var copy = new byte[length];
        content.ReadExactly(copy);
        return copy;
    }

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

    public Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task PutObjectTagAsync(string bucket, string key, string tagKey, string tagValue, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<KeyPage> ListKeysAsync(string bucket, string prefix, string? marker, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
