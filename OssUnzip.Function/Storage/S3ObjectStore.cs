using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace OssUnzip.Function.Storage;

/// <summary>
/// <see cref="IObjectStore"/> over OSS's S3-compatible API with AWSSDK.S3 (docs/facts.md §5). Uploads never
/// use aws-chunked encoding (OSS rejects it), so every body is a length-known, seekable buffer. Over
/// HTTPS the payload is sent unsigned (TLS protects it, and the SDK skips a hashing pass); the SDK
/// allows that only over HTTPS, so over plain HTTP (local S3 servers) it hashes the body first.
/// </summary>
internal sealed class S3ObjectStore(IAmazonS3 s3) : IObjectStore
{
    private readonly bool _unsignedPayload = s3.Config.ServiceURL?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;

    public async Task<ObjectVersion?> TryGetVersionAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            var sourceId = response.Metadata[ObjectHeaders.SourceMetadataKey];
            return new ObjectVersion(response.ContentLength, response.ETag) { SourceId = string.IsNullOrEmpty(sourceId) ? null : sourceId };
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<byte[]?> TryGetPrefixAsync(string bucket, string key, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        GetObjectResponse response;
        try
        {
            var request = new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(0, maxBytes - 1) };
            response = await s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // S3 has no byte 0 to serve for an empty object (OSS answers 200 with the empty body instead).
            return [];
        }

        using (response)
        {
            // A server that ignores Range answers 200 with the whole object: take only what was asked for.
            // The object's size in Content-Range also caps it: s3rver answers an empty object's range with
            // "bytes 0-0/0" and a Content-Length of 1 it never sends.
            var length = Math.Min(response.ContentLength, maxBytes);
            if (ObjectSizeIn(response.ContentRange) is { } size)
            {
                length = Math.Min(length, size);
            }

            var buffer = new byte[length];
            await response.ResponseStream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer;
        }
    }

    /// <summary>The complete length from "bytes first-last/complete", or null when it is absent or unknown ("*").</summary>
    private static long? ObjectSizeIn(string? contentRange)
    {
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
    }

    public async Task<Stream> OpenRangeAsync(ArchiveSource source, long offset, long endExclusive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(endExclusive, offset);

        var request = new GetObjectRequest
        {
            BucketName = source.Bucket,
            Key = source.Key,
            ByteRange = new ByteRange(offset, endExclusive - 1),
            EtagToMatch = source.Version.ETag,
        };

        GetObjectResponse response;
        try
        {
            response = await s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new SourceChangedException($"'{source.Key}' no longer has ETag {source.Version.ETag}.", e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The range lies inside the pinned version's length, so only another (shorter) object can refuse
            // it: a server that ignores If-Match (s3rver does) answers 416 where OSS and S3 answer 412.
            throw new SourceChangedException($"'{source.Key}' is shorter than its ETag {source.Version.ETag} version ({source.Version.Length} bytes): it was replaced.", e);
        }

        // Not every S3-compatible server honours If-Match; the response's own ETag is the second guard.
        if (!string.Equals(response.ETag, source.Version.ETag, StringComparison.Ordinal))
        {
            response.Dispose();
            throw new SourceChangedException($"'{source.Key}' changed from ETag {source.Version.ETag} to {response.ETag} while it was being read.");
        }

        if (response.ContentLength != endExclusive - offset)
        {
            response.Dispose();
            throw new IOException($"The store answered a range of {response.ContentLength} bytes for a request of {endExclusive - offset} at offset {offset} of '{source.Key}'.");
        }

        return response.ResponseStream;
    }

    public async Task PutObjectAsync(string bucket, string key, Stream content, long length, ObjectHeaders headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var request = PutRequest(bucket, key, content, length, headers.ContentType);
        AddMetadata(request.Metadata, headers);
        try
        {
            await s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsRefusal(e))
        {
            throw Refused(key, e);
        }
    }

    public async Task<CreateResult> TryCreateObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        var request = PutRequest(bucket, key, body, content.Length, contentType);
        request.IfNoneMatch = "*";
        request.Headers[ForbidOverwriteHeader] = "true";
        try
        {
            await s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return CreateResult.Created;
        }
        catch (AmazonS3Exception e) when (IsAlreadyExists(e))
        {
            return CreateResult.AlreadyExists;
        }
        catch (AmazonS3Exception e) when (IsRefusal(e))
        {
            throw Refused(key, e);
        }
    }

    /// <summary>
    /// A single PUT of <paramref name="length"/> bytes from <paramref name="content"/> (left open): the
    /// length is declared up front and sent without aws-chunked encoding, which OSS does not accept
    /// (docs/facts.md §5); the payload is unsigned when the endpoint is HTTPS.
    /// </summary>
    private PutObjectRequest PutRequest(string bucket, string key, Stream content, long length, string contentType)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
            UseChunkEncoding = false,
            DisablePayloadSigning = _unsignedPayload,
        };
        request.Headers.ContentLength = length;
        return request;
    }

    /// <summary>OSS's own create-only header (docs/facts.md §14); S3 ignores headers it does not know.</summary>
    internal const string ForbidOverwriteHeader = "x-oss-forbid-overwrite";

    /// <summary>
    /// 412 (S3's answer to If-None-Match: *) or 409 FileAlreadyExists (OSS's to x-oss-forbid-overwrite).
    /// S3's 409 ConditionalRequestConflict (a concurrent write to the key) is not "exists": it propagates
    /// as a transient failure, and the retry gets 412.
    /// </summary>
    internal static bool IsAlreadyExists(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.PreconditionFailed
        || (e.StatusCode == HttpStatusCode.Conflict && e.ErrorCode == "FileAlreadyExists");

    /// <summary>
    /// A 4xx about the request itself: the same write can never succeed. Not a refusal: 403 (credentials
    /// or policy, which can be fixed), 404 (bucket or upload gone), 408/409/429, and 400s that S3 uses for
    /// timeouts, clock skew, throttling and bodies damaged in transit.
    /// </summary>
    internal static bool IsRefusal(AmazonS3Exception e) =>
        e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.LengthRequired or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.RequestUriTooLong
        && e.ErrorCode is not ("RequestTimeout" or "RequestTimeTooSkewed" or "SlowDown" or "ExpiredToken" or "TokenRefreshRequired" or "IncompleteBody" or "BadDigest");

    private static ObjectRefusedException Refused(string key, AmazonS3Exception e) =>
        new(key, (int)e.StatusCode, e.ErrorCode ?? "", e.Message, e);

    public async Task<string> StartMultipartUploadAsync(string bucket, string key, ObjectHeaders headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var request = new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = headers.ContentType };
        AddMetadata(request.Metadata, headers);
        try
        {
            var response = await s3.InitiateMultipartUploadAsync(request, cancellationToken).ConfigureAwait(false);
            return response.UploadId;
        }
        catch (AmazonS3Exception e) when (IsRefusal(e))
        {
            throw Refused(key, e);
        }
    }

    public async Task<UploadedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream content, long length, CancellationToken cancellationToken)
    {
        UploadPartResponse response;
        try
        {
            response = await s3.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    InputStream = content,
                    PartSize = length,
                    UseChunkEncoding = false,
                    DisablePayloadSigning = _unsignedPayload,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsRefusal(e))
        {
            throw Refused(key, e);
        }

        return new UploadedPart(partNumber, response.ETag);
    }

    public async Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = [.. parts.Select(p => new PartETag(p.PartNumber, p.ETag))],
        };
        try
        {
            await s3.CompleteMultipartUploadAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsRefusal(e))
        {
            throw Refused(key, e);
        }
    }

    public async Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        await s3.AbortMultipartUploadAsync(
            new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken) =>
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);

    public async Task PutObjectTagAsync(string bucket, string key, string tagKey, string tagValue, CancellationToken cancellationToken) =>
        await s3.PutObjectTaggingAsync(
            new PutObjectTaggingRequest { BucketName = bucket, Key = key, Tagging = new Tagging { TagSet = [new Tag { Key = tagKey, Value = tagValue }] } },
            cancellationToken).ConfigureAwait(false);

    /// <summary>The SDK sends each as x-amz-meta-&lt;key&gt;.</summary>
    private static void AddMetadata(MetadataCollection metadata, ObjectHeaders headers)
    {
        if (headers.ModifiedTimeMetadataValue is { } mtime)
        {
            metadata[ObjectHeaders.ModifiedTimeMetadataKey] = mtime;
        }

        if (headers.SourceId is { } sourceId)
        {
            metadata[ObjectHeaders.SourceMetadataKey] = sourceId;
        }
    }

    public async Task<KeyPage> ListKeysAsync(string bucket, string prefix, string? marker, CancellationToken cancellationToken)
    {
        var response = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Prefix = prefix, Marker = marker }, cancellationToken).ConfigureAwait(false);
        var keys = (response.S3Objects ?? []).Select(o => o.Key).ToList();
        return new KeyPage(keys, response.IsTruncated == true && keys.Count > 0 ? keys[^1] : null);
    }
}
