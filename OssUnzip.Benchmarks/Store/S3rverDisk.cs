using OssUnzip.S3rver;

namespace OssUnzip.Benchmarks.Store;

/// <summary>
/// Where s3rver keeps an object's bytes in its data directory: verification and clean-up go straight
/// to the disk (no request per key), so checking 4 GiB costs a disk read, not 70,000 GETs.
/// </summary>
internal static class S3rverDisk
{
    private const string ObjectSuffix = "._S3rver_object";

    /// <summary>Where s3rver keeps the bytes of every object under a key prefix ("folder/").</summary>
    public static string PrefixDirectory(this S3rverProcess server, string bucket, string prefix) =>
        Path.Combine(server.DataDirectory, bucket, prefix.TrimEnd('/'));

    /// <summary>Where s3rver keeps one object's bytes, from its data directory (for a process without the server handle).</summary>
    public static string ObjectPath(string dataDirectory, string bucket, string key) =>
        Path.Combine(dataDirectory, bucket, key.Replace('/', Path.DirectorySeparatorChar)) + ObjectSuffix;

    /// <summary>Every object under a prefix, as (key relative to the prefix, path of its bytes).</summary>
    public static IEnumerable<(string RelativeKey, string Path)> EnumerateObjects(this S3rverProcess server, string bucket, string prefix)
    {
        var root = server.PrefixDirectory(bucket, prefix);
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(root, "*" + ObjectSuffix, SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            yield return (relative[..^ObjectSuffix.Length], path);
        }
    }

    /// <summary>Removes every object under a prefix straight from the server's disk.</summary>
    public static void DeletePrefix(this S3rverProcess server, string bucket, string prefix)
    {
        var root = server.PrefixDirectory(bucket, prefix);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
