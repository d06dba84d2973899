using System.Diagnostics;

namespace OssUnzip.Benchmarks.Scenarios;

/// <summary>Wall time and this process's CPU time since the scenario's work started (composition excluded).</summary>
internal readonly struct ScenarioClock
{
    private readonly Stopwatch _wall;
    private readonly TimeSpan _cpuAtStart;

    private ScenarioClock(Stopwatch wall, TimeSpan cpuAtStart)
    {
        _wall = wall;
        _cpuAtStart = cpuAtStart;
    }

    public double Seconds => _wall.Elapsed.TotalSeconds;

    public double CpuSeconds => (ProcessCpu() - _cpuAtStart).TotalSeconds;

    public static ScenarioClock Start() => new(Stopwatch.StartNew(), ProcessCpu());

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
