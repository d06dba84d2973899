using Amazon.S3;
using Amazon.S3.Model;

namespace OssUnzip.Function.Tests.Infrastructure;

internal static class TestData
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes each (relative name, bytes) under <paramref name="root"/>, creating folders: the input of an archiving tool.</summary>
    public static async Task WriteTreeAsync(string root, IEnumerable<(string Name, byte[] Data)> files)
    {
        foreach (var (name, data) in files)
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, data);
        }
    }

    /// <summary>Text-like bytes that deflate well.</summary>
    public static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        var words = new[] { "oss ", "unzip ", "archive ", "stream ", "entry ", "bucket ", "key ", "\n" };
        var bytes = new byte[length];
        var position = 0;
        while (position < length)
        {
            var word = words[random.Next(words.Length)];
            for (var i = 0; i < word.Length && position < length; i++)
            {
                bytes[position++] = (byte)word[i];
            }
        }

        return bytes;
    }

    /// <summary>Uploads as a plain body: s3rver stores aws-chunked framing verbatim, like OSS rejects it.</summary>
    public static async Task PutAsync(IAmazonS3 client, string bucket, string key, byte[] data)
    {
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(data, writable: false),
            UseChunkEncoding = false,
        });
    }

    public static async Task PutFileAsync(IAmazonS3 client, string bucket, string key, string path)
    {
        await using var file = File.OpenRead(path);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = file, UseChunkEncoding = false });
    }

    /// <summary>HEAD of one key: unlike a listing, unaffected by other objects a crash left half-written.</summary>
    public static async Task<bool> ExistsAsync(IAmazonS3 client, string bucket, string key)
    {
        try
        {
            await client.GetObjectMetadataAsync(bucket, key);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public static async Task<byte[]> GetBytesAsync(IAmazonS3 client, string bucket, string key)
    {
        using var response = await client.GetObjectAsync(bucket, key);
        var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>Every key under the prefix (ListObjects v1 with markers: s3rver's v2 continuation fails).</summary>
    public static async Task<List<string>> ListKeysAsync(IAmazonS3 client, string bucket, string prefix = "")
    {
        var keys = new List<string>();
        string? marker = null;
        while (true)
        {
            var page = await client.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Prefix = prefix, Marker = marker });
            var batch = (page.S3Objects ?? []).Select(o => o.Key).ToList();
            keys.AddRange(batch);
            if (page.IsTruncated != true || batch.Count == 0)
            {
                return keys;
            }

            marker = batch[^1];
        }
    }
}
