namespace OssUnzip.Function.Http;

/// <summary>
/// Settings of section <c>Http</c>: what the edge accepts before any parsing. <see cref="MaxBodyBytes"/>
/// is the one body limit: the edge middleware, the event reader and the 413 body all read it from here.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Http";

    /// <summary>An OSS event is about 2 KB; 256 KiB leaves room for {"events":[...]} batches.</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

    /// <summary>A larger body is answered 413 without reading the rest.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}
