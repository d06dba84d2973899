using Microsoft.Extensions.Logging;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Wraps the expander to write one summary line and the archive metrics per event, whatever the outcome
/// (expanded, ignored, rejected, already-expanded, failed).
/// A failure that escapes is counted as <c>failed</c> and rethrown untouched: the exception itself is
/// logged once, by the failure middleware, which has no event at hand; the summary line names it here.
/// </summary>
internal sealed class ObservedArchiveExpander(IArchiveExpander inner, OssUnzipMetrics metrics, TimeProvider timeProvider, ILogger<ObservedArchiveExpander> logger) : IArchiveExpander
{
    public async Task<ExpansionOutcome> ExpandAsync(ObjectCreatedEvent objectCreated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectCreated);
        var started = timeProvider.GetTimestamp();
        // The Functions host keeps only the formatted message (scopes are dropped on the way), so every
        // line names its archive itself; the scope serves sinks that keep scopes (OTLP, JSON console).
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[]
        {
            new("EventId", objectCreated.EventId),
            new("Bucket", objectCreated.Bucket),
            new("Key", objectCreated.Key),
            new("ETag", objectCreated.ETag),
        });
        ExpansionOutcome outcome;
        try
        {
            outcome = await inner.ExpandAsync(objectCreated, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Record(objectCreated, "failed", null, started, e))
        {
            throw;
        }

        var name = outcome switch
        {
            ExpandedOutcome => "expanded",
            IgnoredOutcome => "ignored",
            RejectedOutcome => "rejected",
            AlreadyExpandedOutcome => "already-expanded",
            JobOutcome { Status: JobOutcome.Accepted } => "job-accepted",
            JobOutcome => "job-in-progress",
            _ => outcome.GetType().Name,
        };
        Record(objectCreated, name, (outcome as ExpandedOutcome)?.Report, started, null);
        return outcome;
    }

    /// <summary>Always false, so it can run as an exception filter without catching.</summary>
    private bool Record(ObjectCreatedEvent objectCreated, string outcome, ExpansionReport? report, long started, Exception? failure)
    {
        var elapsed = timeProvider.GetElapsedTime(started);
        var entries = report?.EntriesWritten ?? 0;
        var bytes = report?.BytesWritten ?? 0;
        metrics.ArchiveHandled(outcome, elapsed, entries, bytes);
        var key = report?.Key ?? objectCreated.Key;
        var eTag = report?.ETag ?? objectCreated.ETag ?? "(none in event)";
        var described = failure is null ? outcome : $"{outcome} ({failure.GetType().Name})";
        Log.ArchiveSummary(logger, objectCreated.EventId, objectCreated.Bucket, key, eTag, described, entries, bytes, (long)elapsed.TotalMilliseconds);
        return false;
    }
}
