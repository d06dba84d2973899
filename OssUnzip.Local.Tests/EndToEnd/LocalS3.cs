using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>An AWSSDK.S3 client for the stack's s3rver, configured as any S3 client would be for it.</summary>
internal sealed class LocalS3 : IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;

    /// <summary>A client for <paramref name="bucket"/> (default: the stack's bucket) on the stack's s3rver.</summary>
    public LocalS3(LocalStackProcess stack, string? bucket = null)
    {
        _bucket = bucket ?? stack.Bucket;
        _client = new AmazonS3Client(
            new BasicAWSCredentials(stack.Ready["access_key"], stack.Ready["secret_key"]),
            new AmazonS3Config
            {
                ServiceURL = stack.S3Url.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
    }

    public async Task<string> PutAsync(string key, byte[] content)
    {
        var response = await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            ContentType = "application/zip",
            UseChunkEncoding = false,
        });
        return response.ETag.Trim('"');
    }

    /// <summary>Uploads in parts of <paramref name="partSize"/> bytes (the last one shorter) and completes the upload.</summary>
    public async Task PutMultipartAsync(string key, byte[] content, int partSize)
    {
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key });
        var parts = new List<PartETag>();
        for (var offset = 0; offset < content.Length; offset += partSize)
        {
            var length = Math.Min(partSize, content.Length - offset);
            var part = await _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartNumber = parts.Count + 1,
                InputStream = new MemoryStream(content, offset, length),
                PartSize = length,
                UseChunkEncoding = false,
            });
            parts.Add(new PartETag(parts.Count + 1, part.ETag));
        }

        await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = upload.UploadId,
            PartETags = parts,
        });
    }

    /// <summary>
    /// Uploads the file in parts of <paramref name="partSize"/> bytes, four at a time, each read from the
    /// file itself (never the whole file in memory), and completes the upload; returns the object's ETag.
    /// </summary>
    public async Task<string> PutMultipartFileAsync(string key, string path, long partSize)
    {
        var length = new FileInfo(path).Length;
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = "application/zip" });
        var eTags = new string[(int)((length + partSize - 1) / partSize)];
        await Parallel.ForEachAsync(Enumerable.Range(0, eTags.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (index, cancellationToken) =>
        {
            var offset = index * partSize;
            var part = await _client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = _bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = index + 1,
                    FilePath = path,
                    FilePosition = offset,
                    PartSize = Math.Min(partSize, length - offset),
                    UseChunkEncoding = false,
                },
                cancellationToken);
            eTags[index] = part.ETag;
        });

        var completed = await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = upload.UploadId,
            PartETags = [.. eTags.Select((eTag, index) => new PartETag(index + 1, eTag))],
        });
        return completed.ETag.Trim('"');
    }

    public async Task<byte[]> GetAsync(string key)
    {
        using var response = await _client.GetObjectAsync(_bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await _client.ListObjectsV2Async(request);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return keys;
    }

    /// <summary>The MD5 (lower-case hex) of the object's bytes, hashed as they stream in.</summary>
    public async Task<string> GetMd5Async(string key)
    {
        using var response = await _client.GetObjectAsync(_bucket, key);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await response.ResponseStream.ReadAsync(buffer)) > 0)
        {
            md5.AppendData(buffer.AsSpan(0, read));
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary>
    /// Every key under the prefix through ListObjects (v1, marker paging): s3rver 3.7.1 answers a v2
    /// listing that pages past 1,000 keys with 500 InternalError.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListAllAsync(string prefix) =>
        [.. (await ListObjectsAsync(prefix)).Select(o => o.Key)];

    /// <summary>Every object under the prefix with its size and ETag (unquoted), paged as <see cref="ListAllAsync"/>.</summary>
    public async Task<IReadOnlyList<(string Key, long Size, string ETag)>> ListObjectsAsync(string prefix)
    {
        var objects = new List<(string Key, long Size, string ETag)>();
        var request = new ListObjectsRequest { BucketName = _bucket, Prefix = prefix };
        ListObjectsResponse response;
        do
        {
            response = await _client.ListObjectsAsync(request);
            objects.AddRange((response.S3Objects ?? []).Select(o => (o.Key, o.Size ?? 0, o.ETag.Trim('"'))));
            request.Marker = objects.Count > 0 ? objects[^1].Key : null;
        }
        while (response.IsTruncated == true);

        return objects;
    }

    /// <summary>Polls until every key exists; returns the listing under the prefix at that point.</summary>
    public async Task<IReadOnlyList<string>> WaitForKeysAsync(string prefix, IEnumerable<string> expected, TimeSpan timeout)
    {
        var wanted = expected.ToHashSet(StringComparer.Ordinal);
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var keys = await ListAsync(prefix);
            if (wanted.IsSubsetOf(keys))
            {
                return keys;
            }

            try
            {
                await Task.Delay(250, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Only [{string.Join(", ", keys)}] under {prefix} after {timeout}.");
            }
        }
    }

    /// <summary>Deletes every object under the prefix, a thousand keys a request.</summary>
    public async Task DeleteAllAsync(string prefix)
    {
        foreach (var batch in (await ListAllAsync(prefix)).Chunk(1000))
        {
            await _client.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = _bucket,
                Objects = [.. batch.Select(k => new KeyVersion { Key = k })],
            });
        }
    }

    public async Task CreateBucketAsync() => await _client.PutBucketAsync(_bucket);

    /// <summary>The object's user metadata, keyed as AWSSDK.S3 reports it (x-amz-meta-mtime).</summary>
    public async Task<IReadOnlyDictionary<string, string>> MetadataAsync(string key)
    {
        var response = await _client.GetObjectMetadataAsync(_bucket, key);
        return response.Metadata.Keys.ToDictionary(k => k, k => response.Metadata[k], StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<(string Key, string Value)>> TagsAsync(string key)
    {
        var response = await _client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = key });
        return (response.Tagging ?? []).Select(t => (t.Key, t.Value)).ToList();
    }

    public void Dispose() => _client.Dispose();
}
