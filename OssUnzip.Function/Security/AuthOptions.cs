namespace OssUnzip.Function.Security;

/// <summary>Settings of section <c>Auth</c>; validated by <see cref="AuthOptionsValidator"/>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>docs/facts.md §3: certificate URLs must be on this host; <c>{regionId}</c> stands for one DNS label.</summary>
    public const string DefaultCertificateHostPattern = "{regionId}-eventbridge.oss-accelerate.aliyuncs.com";

    /// <summary>Required; null means the setting is missing, which stops the app.</summary>
    public AuthMode? Mode { get; set; }

    /// <summary>Comma-separated accepted tokens; more than one lets a token be rotated without downtime.</summary>
    public string? Tokens { get; set; }

    /// <summary>
    /// The URL EventBridge was configured to call, exactly as it signs it. Explicit, because behind an
    /// ingress or proxy the URL the app sees differs from the one EventBridge used.
    /// </summary>
    public string? SignedUrl { get; set; }

    /// <summary>Host a certificate URL must have; <c>{regionId}</c> matches one label, or pin the region.</summary>
    public string CertificateHostPattern { get; set; } = DefaultCertificateHostPattern;

    /// <summary>Requests whose signature timestamp is further than this from now are refused (docs/facts.md §3: 60 s).</summary>
    public int MaxTimestampSkewSeconds { get; set; } = 60;

    /// <summary>How long a fetched certificate is reused.</summary>
    public int CertificateCacheMinutes { get; set; } = 60;

    public IReadOnlyList<string> TokenList =>
        (Tokens ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
