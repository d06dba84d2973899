using System.Globalization;

namespace OssUnzip.Function.Storage;

/// <summary>
/// What an object is written with besides its bytes: its Content-Type and, when known, its
/// modification time as user metadata <c>mtime</c> in Unix seconds (the form rclone reads; sent as
/// x-amz-meta-mtime through the S3 API, docs/facts.md §5, §16). A plain string converts to headers
/// with only the content type. An object written from an archive also names its source version as user
/// metadata <c>ossunzip-source</c> (decision 0039).
/// </summary>
public sealed record ObjectHeaders(string ContentType)
{
    /// <summary>The user metadata key (without the x-amz-meta- / x-oss-meta- prefix).</summary>
    public const string ModifiedTimeMetadataKey = "mtime";

    /// <summary>The user metadata key naming the source version an object was written from (decision 0039).</summary>
    public const string SourceMetadataKey = "ossunzip-source";

    public long? ModifiedUnixSeconds { get; init; }

    /// <summary>The <see cref="ArchiveSource.Id"/> of the archive version the object comes from; null sends none.</summary>
    public string? SourceId { get; init; }

    public string? ModifiedTimeMetadataValue => ModifiedUnixSeconds?.ToString(CultureInfo.InvariantCulture);

    public static implicit operator ObjectHeaders(string contentType) => FromContentType(contentType);

    public static ObjectHeaders FromContentType(string contentType) => new(contentType);
}
