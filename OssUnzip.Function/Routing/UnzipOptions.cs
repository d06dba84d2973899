namespace OssUnzip.Function.Routing;

/// <summary>
/// Which events the service acts on and where results go. Bound from the "Unzip" section; validated at
/// startup by <see cref="UnzipOptionsValidator"/>, which also refuses rules that overlap or would let the
/// service trigger itself. Either <see cref="Rules"/> lists the rules, or (today's settings) one default
/// rule per bucket of <see cref="AllowedBuckets"/> maps InputPrefix to OutputPrefix + "{dir}{name}/"
/// (decision 0023).
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

    /// <summary>The output rules (Unzip:Rules:0:Name...). When given, AllowedBuckets must be empty and InputPrefix and OutputPrefix are not read.</summary>
    public List<UnzipRule> Rules { get; set; } = [];

    /// <summary>The name of each default rule made from the flat settings, and of manifests written before rules existed.</summary>
    public const string DefaultRuleName = "default";

    /// <summary><see cref="Rules"/>, or the default rules made from AllowedBuckets, InputPrefix and OutputPrefix.</summary>
    public IReadOnlyList<UnzipRule> EffectiveRules => Rules.Count > 0
        ? Rules
        : [.. AllowedBucketList.Select(bucket => new UnzipRule
        {
            Name = DefaultRuleName,
            Bucket = bucket,
            InputPrefix = InputPrefix,
            OutputPrefix = OutputPrefix + "{dir}{name}/",
        })];

    public IReadOnlyList<string> AllowedBucketList =>
        AllowedBuckets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
