using Microsoft.Extensions.Options;
using OssUnzip.Function.Events;

namespace OssUnzip.Function.Routing;

/// <summary>
/// Decides, before any storage call, whether an event is ours (bucket, type, prefix, suffix), and
/// where an archive expands to. The one place that knows the key layout of inputs and outputs (the
/// layer above keeps the service's own records under each output folder).
/// </summary>
public sealed class EventRouter(IOptions<UnzipOptions> options)
{
    private const string ObjectCreatedPrefix = "ObjectCreated:";

    // These announce an upload still in progress; CompleteMultipartUpload follows when it is whole.
    private static readonly string[] IncompleteUploadTypes = ["ObjectCreated:InitiateMultipartUpload", "ObjectCreated:UploadPart"];

    private readonly UnzipOptions _options = options.Value;
    private readonly HashSet<string> _allowedBuckets = new(options.Value.AllowedBucketList, StringComparer.Ordinal);

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

        if (!_allowedBuckets.Contains(evt.Bucket))
        {
            return RoutingDecision.Ignore($"bucket '{evt.Bucket}' is not in Unzip:AllowedBuckets");
        }

        var candidates = ObjectKeyCandidates.For(evt.Key).Where(IsArchiveKey).ToList();
        if (candidates.Count == 0)
        {
            return RoutingDecision.Ignore($"key '{evt.Key}' does not end with an archive suffix ({string.Join(", ", ArchiveSuffixes.All)}) under Unzip:InputPrefix '{_options.InputPrefix}'");
        }

        return RoutingDecision.Expand([.. candidates.Select(key => new ArchiveRoute(key, OutputFolderFor(key)))]);
    }

    /// <summary>
    /// "zip/x.zip" → "unzip/x/"; "zip/a/b/x.ZIP" → "unzip/a/b/x/". The path below the input prefix is
    /// kept so two archives with the same file name in different folders never share an output folder.
    /// </summary>
    public string OutputFolderFor(string archiveKey)
    {
        ArgumentNullException.ThrowIfNull(archiveKey);
        if (!IsArchiveKey(archiveKey))
        {
            throw new ArgumentException($"'{archiveKey}' is not an archive key under '{_options.InputPrefix}'.", nameof(archiveKey));
        }

        ArchiveSuffixes.TrySplit(archiveKey[_options.InputPrefix.Length..], out var relative, out _);
        return $"{_options.OutputPrefix}{relative}/";
    }

    private bool IsArchiveKey(string key) =>
        key.StartsWith(_options.InputPrefix, StringComparison.Ordinal) &&
        ArchiveSuffixes.TrySplit(key[_options.InputPrefix.Length..], out _, out _);
}
