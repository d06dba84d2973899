using OssUnzip.Function.Archive;
using OssUnzip.Function.Routing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// The inspect endpoint's service: finds the rule that takes the archive (the bucket must be one a rule
/// takes), HEADs it, and answers its entries as an expansion under that rule would treat them
/// (<see cref="ArchiveInspection"/>), one page at a time. The cursor is an entry index: each page reads
/// the central directory again (stateless; a directory is small next to its archive).
/// </summary>
internal sealed class ArchiveInspector(EventRouter router, IObjectStore store, ArchiveInspection inspection) : IArchiveInspector
{
    public async Task<InspectionOutcome> InspectAsync(string bucket, string key, int cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (!router.Rules.Any(r => r.Bucket == bucket))
        {
            return new InspectionOutcome(InspectionStatus.BucketNotAllowed, $"no rule takes bucket '{bucket}'");
        }

        var rule = router.RuleFor(bucket, key);
        if (rule is null)
        {
            return new InspectionOutcome(InspectionStatus.NotAnArchive, $"key '{key}' is not an archive under any rule's input prefix in bucket '{bucket}'");
        }

        var version = await store.TryGetVersionAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            return new InspectionOutcome(InspectionStatus.Missing, $"'{key}' does not exist in bucket '{bucket}'");
        }

        var route = EventRouter.RouteFor(rule, key);
        var target = RuleExpansion.TargetOf(route, bucket);
        var result = await inspection.InspectAsync(new ArchiveSource(bucket, key, version), target, cancellationToken).ConfigureAwait(false);
        if (result.UnlistedFormat is not null)
        {
            return new InspectionOutcome(InspectionStatus.NoDirectory, result.RejectionReason)
            {
                Bucket = bucket,
                Key = key,
                ETag = version.ETag,
                Size = version.Length,
                Rule = rule.Name,
                Format = result.UnlistedFormat,
                GetRequests = result.GetRequests,
            };
        }

        var page = result.Entries.Skip(cursor).Take(limit).ToList();
        var next = cursor + page.Count < result.Entries.Count ? cursor + page.Count : (int?)null;
        return new InspectionOutcome(result.RejectionCode is null ? InspectionStatus.Inspected : InspectionStatus.Rejected, result.RejectionReason)
        {
            Bucket = bucket,
            Key = key,
            ETag = version.ETag,
            Size = version.Length,
            Rule = rule.Name,
            OutputBucket = target.Bucket,
            OutputFolder = target.Folder,
            TotalEntries = result.Entries.Count,
            Entries = page,
            NextCursor = next,
            RejectionCode = result.RejectionCode,
            RejectedEntries = result.RejectedEntries,
            GetRequests = result.GetRequests,
        };
    }
}
