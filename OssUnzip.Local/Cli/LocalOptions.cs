namespace OssUnzip.Local.Cli;

/// <summary>The validated command line of the local stack. Ports may be 0 (pick a free one).</summary>
internal sealed record LocalOptions
{
    public const int DefaultS3Port = 4568;
    public const int DefaultPort = 7071;
    public const string DefaultBucket = "eb-ask";

    public required string DataDirectory { get; init; }

    public int S3Port { get; init; } = DefaultS3Port;

    public int Port { get; init; } = DefaultPort;

    public string Bucket { get; init; } = DefaultBucket;

    public required string Token { get; init; }

    /// <summary>True only when asked with --no-auth: the worker then runs with Auth:Mode=None.</summary>
    public bool NoAuth { get; init; }

    /// <summary>
    /// How long the local EventBridge waits for one delivery attempt. Default 3 s: the open-source
    /// EventBridge's HTTP sink waits 3000 ms (docs/facts.md §3; decision 0017).
    /// </summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(DefaultDeliveryTimeoutSeconds);

    public const double DefaultDeliveryTimeoutSeconds = 3;

    /// <summary>An existing S3 server to use instead of starting s3rver (two stacks on one bucket stand for two pods); it sends this stack no events.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>Worker app settings from --setting KEY=VALUE (env form, Unzip__Rules__0__Name), applied over the stack's own.</summary>
    public IReadOnlyDictionary<string, string> ExtraWorkerSettings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public required string RepositoryRoot { get; init; }

    public required string FunctionAppDirectory { get; init; }
}
