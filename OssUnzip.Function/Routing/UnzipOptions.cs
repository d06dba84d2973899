namespace OssUnzip.Function.Routing;

/// <summary>
/// Which events the service acts on and where results go. Bound from the "Unzip" section; validated at
/// startup by <see cref="UnzipOptionsValidator"/>, which also refuses prefixes that would let the
/// service trigger itself.
/// </summary>
public sealed class UnzipOptions
{
    public const string SectionName = "Unzip";

    /// <summary>Comma-separated bucket names; events for any other bucket are ignored. Required.</summary>
    public string AllowedBuckets { get; set; } = "";

    /// <summary>Archives are taken from under this prefix. Default "zip/".</summary>
    public string InputPrefix { get; set; } = "zip/";

    /// <summary>Archives expand to OutputPrefix + relative archive path without ".zip" + "/". Default "unzip/".</summary>
    public string OutputPrefix { get; set; } = "unzip/";

    public IReadOnlyList<string> AllowedBucketList =>
        AllowedBuckets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
