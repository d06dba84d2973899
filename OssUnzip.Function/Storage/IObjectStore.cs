namespace OssUnzip.Function.Storage;

/// <summary>
/// The storage seam: the only operations the expander needs from OSS. One implementation talks to the
/// S3-compatible API; another client (e.g. the Aliyun SDK) can be added behind it later.
/// </summary>
public interface IObjectStore
{
    /// <summary>HEAD: the object's length and ETag, or null when it does not exist.</summary>
    Task<ObjectVersion?> TryGetVersionAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Ranged GET of an object's first <paramref name="maxBytes"/> bytes (fewer when it is shorter), or
    /// null when it does not exist. Used for the summary at the front of a manifest of any size.
    /// </summary>
    Task<byte[]?> TryGetPrefixAsync(string bucket, string key, int maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Opens bytes [offset, endExclusive) of exactly the source's version. Throws
    /// <see cref="SourceChangedException"/> when the object no longer has that ETag.
    /// </summary>
    Task<Stream> OpenRangeAsync(ArchiveSource source, long offset, long endExclusive, CancellationToken cancellationToken);

    /// <summary>Writes one object from a stream of exactly <paramref name="length"/> bytes.</summary>
    Task PutObjectAsync(string bucket, string key, Stream content, long length, ObjectHeaders headers, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one small object only if no object holds the key: sends <c>If-None-Match: *</c> (S3) and
    /// <c>x-oss-forbid-overwrite: true</c> (OSS) and answers <see cref="CreateResult.AlreadyExists"/> for
    /// 412 or 409 FileAlreadyExists. A store that honours neither header overwrites (docs/facts.md §14).
    /// </summary>
    Task<CreateResult> TryCreateObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    Task<string> StartMultipartUploadAsync(string bucket, string key, ObjectHeaders headers, CancellationToken cancellationToken);

    Task<UploadedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream content, long length, CancellationToken cancellationToken);

    Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken);

    Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>One page of the keys under <paramref name="prefix"/> after <paramref name="marker"/> (ListObjects v1 markers: s3rver's v2 continuation fails, docs/facts.md §5).</summary>
    Task<KeyPage> ListKeysAsync(string bucket, string prefix, string? marker, CancellationToken cancellationToken);

    /// <summary>Deletes an object (a missing object is not an error, as in S3).</summary>
    Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Sets the object's tag set to the one tag <paramref name="tagKey"/>=<paramref name="tagValue"/> (PutObjectTagging replaces the set).</summary>
    Task PutObjectTagAsync(string bucket, string key, string tagKey, string tagValue, CancellationToken cancellationToken);
}
