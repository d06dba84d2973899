using System.Diagnostics.Metrics;

namespace OssUnzip.Function.Diagnostics;

/// <summary>
/// The service's instruments, on the meter <see cref="MeterName"/> (created through
/// <see cref="IMeterFactory"/>, so each service provider has its own and tests do not see each other).
/// Exported over OTLP when an endpoint is configured (see <see cref="TelemetryServiceCollectionExtensions"/>).
/// </summary>
public sealed class OssUnzipMetrics
{
    public const string MeterName = "OssUnzip";

    private readonly Counter<long> _archives;
    private readonly Counter<long> _entries;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _storageResumes;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _shards;
    private readonly Histogram<double> _shardDuration;

    public OssUnzipMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _archives = meter.CreateCounter<long>("ossunzip.archives", "{archive}", "Archives handled, by outcome (expanded, ignored, rejected, failed).");
        _entries = meter.CreateCounter<long>("ossunzip.entries", "{object}", "Objects written by completed expansions.");
        _bytes = meter.CreateCounter<long>("ossunzip.bytes", "By", "Uncompressed bytes written by completed expansions.");
        _duration = meter.CreateHistogram<double>("ossunzip.archive.duration", "s", "Time to handle one archive, by outcome.");
        _storageResumes = meter.CreateCounter<long>("ossunzip.storage.resumes", "{resume}", "Ranged reads reopened after a dropped or failed response.");
        _refused = meter.CreateCounter<long>("ossunzip.requests.refused", "{request}", "Requests refused at the edge, by reason.");
        _jobs = meter.CreateCounter<long>("ossunzip.jobs", "{job}", "Jobs by event: started, expanded, failed, source-changed.");
        _jobDuration = meter.CreateHistogram<double>("ossunzip.job.duration", "s", "Time from a job's creation to its end, by outcome.");
        _shards = meter.CreateCounter<long>("ossunzip.shards", "{shard}", "Shard runs by outcome: done, failed, retried, source-changed.");
        _shardDuration = meter.CreateHistogram<double>("ossunzip.shard.duration", "s", "Time of one shard run, by outcome.");
    }

    public void ArchiveHandled(string outcome, TimeSpan duration, int entries, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _archives.Add(1, tag);
        _duration.Record(duration.TotalSeconds, tag);
        if (entries > 0)
        {
            _entries.Add(entries);
        }

        if (bytes > 0)
        {
            _bytes.Add(bytes);
        }
    }

    public void JobEvent(string outcome, TimeSpan? duration = null)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _jobs.Add(1, tag);
        if (duration is { } elapsed)
        {
            _jobDuration.Record(elapsed.TotalSeconds, tag);
        }
    }

    public void ShardRun(string outcome, TimeSpan? duration = null)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _shards.Add(1, tag);
        if (duration is { } elapsed)
        {
            _shardDuration.Record(elapsed.TotalSeconds, tag);
        }
    }

    public void StorageResumed() => _storageResumes.Add(1);

    public void RequestRefused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
