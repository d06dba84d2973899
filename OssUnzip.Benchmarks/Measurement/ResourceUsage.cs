using System.Globalization;
using System.Runtime.InteropServices;

namespace OssUnzip.Benchmarks.Measurement;

/// <summary>
/// Linux resource figures for the scenario processes: this process's peak RSS (VmHWM), and the peak
/// RSS and CPU time of its finished children (getrusage RUSAGE_CHILDREN: the largest single child, so
/// for a pipeline the hungriest stage).
/// </summary>
internal static partial class ResourceUsage
{
    private const int RusageChildren = -1;

    /// <summary>Peak resident set of this process so far, in bytes.</summary>
    public static long PeakRssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kib = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no VmHWM line.");
    }

    /// <summary>Peak RSS (bytes) and CPU time of the largest / all waited-for children.</summary>
    public static unsafe (long PeakRssBytes, TimeSpan CpuTime) Children()
    {
        // struct rusage on 64-bit Linux: two timevals (ru_utime, ru_stime), then 14 longs, ru_maxrss first.
        var usage = stackalloc long[18];
        if (GetRusage(RusageChildren, usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed: errno " + Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture));
        }

        var cpu = TimeSpan.FromSeconds(usage[0] + usage[2]) + TimeSpan.FromMicroseconds(usage[1] + usage[3]);
        return (usage[4] * 1024, cpu);
    }

    /// <summary>Total and idle jiffies of the whole machine (first line of /proc/stat).</summary>
    public static (long Total, long Idle) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return (fields.Sum(), idle);
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static unsafe partial int GetRusage(int who, long* usage);
}
