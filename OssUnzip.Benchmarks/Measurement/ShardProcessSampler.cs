using System.Globalization;

namespace OssUnzip.Benchmarks.Measurement;

/// <summary>
/// Watches this process's shard child processes (the product's dispatcher starts them; their command
/// line holds <c>shard</c> and <c>--job</c>) every 20 ms from /proc: each one's peak RSS (VmHWM of its own
/// image, after exec) and CPU time (utime + stime) as last seen. A process's last 20 ms are not seen, so
/// the figures are lower bounds by what those add. The exact total CPU of all of them comes from getrusage
/// (<see cref="ResourceUsage.Children"/>) once they are reaped; getrusage's peak RSS cannot stand in for
/// VmHWM here, because Linux gives a forked child the high-water mark of the parent's image it was forked
/// from (measured: it equalled the host's peak for every row).
/// </summary>
internal sealed class ShardProcessSampler : IAsyncDisposable
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux (sysconf(_SC_CLK_TCK)), fixed at 100 on x86-64 and arm64.

    private readonly Dictionary<int, Sample> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _self = Environment.ProcessId;
    private int _alive;

    public ShardProcessSampler()
    {
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Shard processes alive at the last sample.</summary>
    public int Alive => Volatile.Read(ref _alive);

    /// <summary>Every shard process seen, by pid.</summary>
    public IReadOnlyList<Sample> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen.Values.OrderBy(s => s.FirstSeenSeconds)];
            }
        }
    }

    /// <summary>Waits until no shard process is alive for two samples in a row (or the timeout).</summary>
    public async Task WaitUntilNoneAliveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var quiet = 0;
        while (quiet < 2)
        {
            await Task.Delay(100, deadline.Token);
            quiet = Alive == 0 ? quiet + 1 : 0;
        }
    }

    private async Task LoopAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            do
            {
                SampleOnce(clock.Elapsed.TotalSeconds);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void SampleOnce(double now)
    {
        var alive = 0;
        foreach (var pid in Children(_self))
        {
            var commandLine = Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline")?.Replace('\0', ' ');
            if (commandLine is null || !commandLine.Contains(" shard ", StringComparison.Ordinal) || !commandLine.Contains("--job", StringComparison.Ordinal))
            {
                continue;
            }

            var peak = PeakRssBytes(pid);
            var cpu = CpuSeconds(pid);
            if (peak is null || cpu is null)
            {
                continue;
            }

            alive++;
            lock (_seen)
            {
                _seen[pid] = _seen.TryGetValue(pid, out var earlier)
                    ? earlier with { PeakRssBytes = Math.Max(earlier.PeakRssBytes, peak.Value), CpuSeconds = cpu.Value, LastSeenSeconds = now }
                    : new Sample(pid, IndexOf(pid), peak.Value, cpu.Value, now, now);
            }
        }

        Volatile.Write(ref _alive, alive);
    }

    private static HashSet<int> Children(int pid)
    {
        var tasks = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task";
        var children = new HashSet<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                foreach (var child in (Read(Path.Combine(task, "children")) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    children.Add(int.Parse(child, CultureInfo.InvariantCulture));
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }

        return children;
    }

    /// <summary>The shard's JOB_COMPLETION_INDEX, from its environment; -1 if unreadable.</summary>
    private static int IndexOf(int pid)
    {
        var environment = Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ") ?? "";
        var entry = environment.Split('\0').FirstOrDefault(e => e.StartsWith("JOB_COMPLETION_INDEX=", StringComparison.Ordinal));
        return entry is not null && int.TryParse(entry.AsSpan("JOB_COMPLETION_INDEX=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
    }

    private static long? PeakRssBytes(int pid)
    {
        var status = Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        var line = status?.Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat, counted after the parenthesised name).</summary>
    private static double? CpuSeconds(int pid)
    {
        var stat = Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        if (stat is null)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <param name="Index">The shard index (JOB_COMPLETION_INDEX); a retried index has two samples.</param>
    internal sealed record Sample(int Pid, int Index, long PeakRssBytes, double CpuSeconds, double FirstSeenSeconds, double LastSeenSeconds);
}
