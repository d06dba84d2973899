using Microsoft.Extensions.Options;
using OssUnzip.Function.Events;

namespace OssUnzip.Function.Routing;

/// <summary>
/// Decides, before any storage call, whether an event is ours (type, then the one rule whose bucket,
/// input prefix and suffix match: startup validation makes rules disjoint), and where an archive
/// expands to (the rule's output bucket and template). The one place that knows the key layout of
/// inputs and outputs (the layer above keeps the service's own records under each output folder).
/// </summary>
public sealed class EventRouter(IOptions<UnzipOptions> options)
{
    private const string ObjectCreatedPrefix = "ObjectCreated:";

    // These announce an upload still in progress; CompleteMultipartUpload follows when it is whole.
    private static readonly string[] IncompleteUploadTypes = ["ObjectCreated:InitiateMultipartUpload", "ObjectCreated:UploadPart"];

    private readonly UnzipOptions _options = options.Value;
    private readonly IReadOnlyList<UnzipRule> _rules = options.Value.EffectiveRules;

    /// <summary>The rules the router applies, in configuration order.</summary>
    public IReadOnlyList<UnzipRule> Rules => _rules;

    public RoutingDecision Route(ObjectCreatedEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (!evt.EventType.StartsWith(ObjectCreatedPrefix, StringComparison.Ordinal))
        {
            return RoutingDecision.Ignore($"event type '{evt.EventType}' is not an object-created event");
        }

        if (IncompleteUploadTypes.Contains(evt.EventType, StringComparer.Ordinal))
        {
            return RoutingDecision.Ignore($"event type '{evt.EventType}' announces an upload that is not complete yet");
        }

        var bucketRules = _rules.Where(r => r.Bucket == evt.Bucket).ToList();
        if (bucketRules.Count == 0)
        {
            return RoutingDecision.Ignore(_options.Rules.Count > 0
                ? $"no rule of Unzip:Rules takes bucket '{evt.Bucket}'"
                : $"bucket '{evt.Bucket}' is not in Unzip:AllowedBuckets");
        }

        var candidates = ObjectKeyCandidates.For(evt.Key)
            .Select(key => (Key: key, Rule: bucketRules.FirstOrDefault(r => IsArchiveKey(r, key))))
            .Where(c => c.Rule is not null)
            .ToList();
        if (candidates.Count == 0)
        {
            var prefixes = string.Join("', '", bucketRules.Select(r => r.InputPrefix));
            var setting = _options.Rules.Count > 0 ? "the input prefix of a rule" : "Unzip:InputPrefix";
            return RoutingDecision.Ignore($"key '{evt.Key}' does not end with an archive suffix ({string.Join(", ", ArchiveSuffixes.All)}) under {setting} '{prefixes}'");
        }

        return RoutingDecision.Expand([.. candidates.Select(c => RouteFor(c.Rule!, c.Key))]);
    }

    /// <summary>The rule that takes <paramref name="key"/> in <paramref name="bucket"/>, or null (the archive is not ours).</summary>
    public UnzipRule? RuleFor(string bucket, string key) => _rules.FirstOrDefault(r => r.Bucket == bucket && IsArchiveKey(r, key));

    /// <summary>The route of an archive key under <paramref name="rule"/>: output bucket and folder from its template.</summary>
    public static ArchiveRoute RouteFor(UnzipRule rule, string archiveKey)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new ArchiveRoute(archiveKey, OutputFolderFor(rule, archiveKey)) { Rule = rule, OutputBucket = rule.EffectiveOutputBucket };
    }

    /// <summary>
    /// "zip/x.zip" → "unzip/x/"; "zip/a/b/x.ZIP" → "unzip/a/b/x/" under the default rule. The path below
    /// the input prefix is kept ({dir}) so two archives with the same file name in different folders
    /// never share an output folder.
    /// </summary>
    public string OutputFolderFor(string archiveKey)
    {
        ArgumentNullException.ThrowIfNull(archiveKey);
        var rule = _rules.FirstOrDefault(r => IsArchiveKey(r, archiveKey))
            ?? throw new ArgumentException($"'{archiveKey}' is not an archive key under any rule's input prefix.", nameof(archiveKey));
        return OutputFolderFor(rule, archiveKey);
    }

    /// <summary>The rule's template with {dir}, {name} and {key} filled in for <paramref name="archiveKey"/>.</summary>
    public static string OutputFolderFor(UnzipRule rule, string archiveKey)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(archiveKey);
        if (!IsArchiveKey(rule, archiveKey))
        {
            throw new ArgumentException($"'{archiveKey}' is not an archive key under '{rule.InputPrefix}'.", nameof(archiveKey));
        }

        ArchiveSuffixes.TrySplit(archiveKey[rule.InputPrefix.Length..], out var relative, out _);
        var slash = relative.LastIndexOf('/');
        var dir = relative[..(slash + 1)];
        var name = relative[(slash + 1)..];
        return rule.OutputPrefix
            .Replace("{dir}", dir, StringComparison.Ordinal)
            .Replace("{name}", name, StringComparison.Ordinal)
            .Replace("{key}", archiveKey, StringComparison.Ordinal);
    }

    private static bool IsArchiveKey(UnzipRule rule, string key) =>
        key.StartsWith(rule.InputPrefix, StringComparison.Ordinal) &&
        ArchiveSuffixes.TrySplit(key[rule.InputPrefix.Length..], out _, out _);
}
