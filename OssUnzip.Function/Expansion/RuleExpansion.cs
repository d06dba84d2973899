using Microsoft.Extensions.Logging;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// What a route's output rule means to the pipeline: the engine's <see cref="ExpansionTarget"/>, whether
/// a manifest was written under the same rule, and the source disposition (delete, or tag
/// <c>ossunzip=expanded</c>), which runs only once the manifest is written.
/// </summary>
internal sealed class RuleExpansion(IObjectStore store, ILogger<RuleExpansion> logger)
{
    public const string ExpandedTagKey = "ossunzip";
    public const string ExpandedTagValue = "expanded";

    public static string OutputBucketOf(ArchiveRoute route, string sourceBucket)
    {
        ArgumentNullException.ThrowIfNull(route);
        return string.IsNullOrEmpty(route.OutputBucket) ? sourceBucket : route.OutputBucket;
    }

    public static ExpansionTarget TargetOf(ArchiveRoute route, string sourceBucket)
    {
        ArgumentNullException.ThrowIfNull(route);
        var rule = route.Rule;
        return new ExpansionTarget(OutputBucketOf(route, sourceBucket), route.OutputFolder)
        {
            Plan = new PlanRules(rule.ParsedFolderMode, rule.Include, rule.Exclude) { NameEncoding = rule.NameEncoding },
            Overwrite = rule.OverwritePolicy,
            WriteModifiedTime = rule.WriteModifiedTime,
        };
    }

    /// <summary>A manifest without a rule was written before rules existed: by the default rule.</summary>
    public static bool SameRule(ManifestSummary manifest, UnzipRule rule)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(rule);
        return string.Equals(manifest.Rule ?? UnzipOptions.DefaultRuleName, rule.Name, StringComparison.Ordinal);
    }

    /// <summary>Applies the rule's source disposition; call only after the manifest is written.</summary>
    public async Task DisposeSourceAsync(string logId, ArchiveSource source, UnzipRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rule);
        switch (rule.Disposition)
        {
            case SourceDisposition.Keep:
                return;
            case SourceDisposition.Delete:
                await store.DeleteObjectAsync(source.Bucket, source.Key, cancellationToken).ConfigureAwait(false);
                break;
            case SourceDisposition.Tag:
                await store.PutObjectTagAsync(source.Bucket, source.Key, ExpandedTagKey, ExpandedTagValue, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Unknown source disposition {rule.Disposition}.");
        }

        Log.SourceDisposed(logger, logId, source.Bucket, source.Key, source.Version.ETag, rule.SourceDisposition, rule.Name);
    }
}
