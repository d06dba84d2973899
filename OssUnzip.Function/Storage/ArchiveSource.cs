using System.Security.Cryptography;
using System.Text;

namespace OssUnzip.Function.Storage;

/// <summary>The archive object being expanded, pinned to the version HEAD saw.</summary>
public sealed record ArchiveSource(string Bucket, string Key, ObjectVersion Version)
{
    /// <summary>
    /// Names this source version: "j" + 24 hex digits of SHA-256 over bucket, key and ETag (the job id of
    /// its job, if it has one). Every object written from it carries the id as user metadata
    /// (<see cref="ObjectHeaders.SourceMetadataKey"/>) so a skip-existing check can tell its own earlier
    /// writes from objects that existed before (decision 0039).
    /// </summary>
    public string Id => IdFor(Bucket, Key, Version.ETag);

    /// <summary>The id of the source version <paramref name="bucket"/>/<paramref name="key"/> at <paramref name="eTag"/>; see <see cref="Id"/>.</summary>
    public static string IdFor(string bucket, string key, string eTag)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', bucket, key, eTag)));
        return "j" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
