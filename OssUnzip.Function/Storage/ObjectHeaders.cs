using System.Globalization;

namespace OssUnzip.Function.Storage;

/// <summary>
/// What an object is written with besides its bytes: its Content-Type and, when known, its
/// modification time as user metadata <c>mtime</c> in Unix seconds (the form rclone reads; sent as
/// x-amz-meta-mtime through the S3 API, docs/facts.md §5, §16). A plain string converts to headers
/// with only the content type.
/// </summary>
public sealed record ObjectHeaders(string ContentType)
{
    /// <summary>The user metadata key (without the x-amz-meta- / x-oss-meta- prefix).</summary>
    public const string ModifiedTimeMetadataKey = "mtime";

    public long? ModifiedUnixSeconds { get; init; }

    public string? ModifiedTimeMetadataValue => ModifiedUnixSeconds?.ToString(CultureInfo.InvariantCulture);

    public static implicit operator ObjectHeaders(string contentType) => FromContentType(contentType);

    public static ObjectHeaders FromContentType(string contentType) => new(contentType);
}
