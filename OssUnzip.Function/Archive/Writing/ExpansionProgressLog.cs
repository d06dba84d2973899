using Microsoft.Extensions.Logging;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// Turns the writer's frequent progress reports for one archive into a log line at most every
/// <see cref="Interval"/>; the first line comes one interval after the start, so short archives log none.
/// Thread-safe: uploads report concurrently, and exactly one report per interval wins the line.
/// </summary>
internal sealed class ExpansionProgressLog : IProgress<WriteProgress>
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _eventId;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string _eTag;
    private readonly long _started;
    private long _nextDue;

    public ExpansionProgressLog(ILogger logger, TimeProvider timeProvider, string eventId, string bucket, string key, string eTag)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _logger = logger;
        _timeProvider = timeProvider;
        _eventId = eventId;
        _bucket = bucket;
        _key = key;
        _eTag = eTag;
        _started = timeProvider.GetTimestamp();
        _nextDue = _started + IntervalTicks;
    }

    private long IntervalTicks => (long)(Interval.TotalSeconds * _timeProvider.TimestampFrequency);

    public void Report(WriteProgress value)
    {
        var now = _timeProvider.GetTimestamp();
        var due = Interlocked.Read(ref _nextDue);
        if (now < due || Interlocked.CompareExchange(ref _nextDue, now + IntervalTicks, due) != due)
        {
            return;
        }

        var elapsed = (long)_timeProvider.GetElapsedTime(_started, now).TotalMilliseconds;
        Log.ExpansionProgress(_logger, _eventId, _bucket, _key, _eTag, value.ObjectsWritten, value.BytesWritten, elapsed);
    }
}
