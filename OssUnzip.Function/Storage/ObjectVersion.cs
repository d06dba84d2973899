namespace OssUnzip.Function.Storage;

/// <summary>The length and ETag of one version of an object, as HEAD reported it.</summary>
public sealed record ObjectVersion(long Length, string ETag)
{
    /// <summary>
    /// The id of the source version that wrote the object (user metadata <see cref="ObjectHeaders.SourceMetadataKey"/>),
    /// or null when it has none (not written by OssUnzip, or by a version before decision 0039).
    /// </summary>
    public string? SourceId { get; init; }
}
