namespace OssUnzip.Benchmarks.Measurement;

/// <summary>
/// Samples this process's managed heap (GC.GetTotalMemory) and GC-committed bytes every 50 ms while a
/// scenario runs, so the report can say how much of the peak RSS is managed objects, how much the GC
/// keeps committed, and how much is native (runtime, sockets, zlib). It also notes when the working set
/// peaked, as seconds into the run, which tells a steady plateau from a burst at the end (the manifest),
/// and what the resident set was made of at that moment (anonymous, file-mapped, shared).
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakManaged;
    private long _peakCommitted;
    private long _peakWorkingSet;
    private double _peakWorkingSetAt;
    private ResidentMemory? _atPeak;
    private long _committedAtPeak;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public MemorySampler()
    {
        _loop = Task.Run(LoopAsync);
    }

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    public long PeakCommittedBytes => Interlocked.Read(ref _peakCommitted);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        if (managed > _peakManaged)
        {
            Interlocked.Exchange(ref _peakManaged, managed);
        }

        if (committed > _peakCommitted)
        {
            Interlocked.Exchange(ref _peakCommitted, committed);
        }

        var workingSet = Environment.WorkingSet;
        if (workingSet > _peakWorkingSet)
        {
            _peakWorkingSet = workingSet;
            _peakWorkingSetAt = _clock.Elapsed.TotalSeconds;
            _atPeak = ResidentMemory.TryReadCurrent();
            _committedAtPeak = committed;
        }
    }

    public string Describe() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"peak managed heap {PeakManagedBytes >> 20} MiB, GC committed {PeakCommittedBytes >> 20} MiB, GC count {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, working set peaked {_peakWorkingSet >> 20} MiB at {_peakWorkingSetAt:0.0} of {_clock.Elapsed.TotalSeconds:0.0} s{(_atPeak is { } parts ? $" ({parts}; GC committed {_committedAtPeak >> 20} MiB of it)" : "")}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        _stop.Dispose();
    }
}
