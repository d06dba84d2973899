namespace OssUnzip.Function.Storage;

/// <summary>
/// How the function reaches OSS through its S3-compatible API (docs/facts.md §5). Bound from the "Storage"
/// section; validated at startup by <see cref="StorageOptionsValidator"/>.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>S3-compatible endpoint, e.g. https://s3.oss-cn-hangzhou-internal.aliyuncs.com.</summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>SigV4 signing region, e.g. oss-cn-hangzhou.</summary>
    public string Region { get; set; } = "";

    /// <summary>OSS accepts virtual-hosted style only; local S3 servers (s3rver) need path style.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Access key id; when both keys are empty the SDK's default credential chain is used.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Per-request timeout. Default 120 s.</summary>
    public int RequestTimeoutSeconds { get; set; } = 120;

    /// <summary>Retries the SDK itself makes for a failed request. Default 4.</summary>
    public int MaxErrorRetry { get; set; } = 4;

    /// <summary>HTTP connections to the endpoint; keep it at least the expander's upload concurrency. Default 64.</summary>
    public int MaxConnections { get; set; } = 64;
}
