using System.Globalization;

namespace OssUnzip.Benchmarks.Measurement;

/// <summary>
/// What a process's resident set is made of, from /proc/self/status: anonymous pages (GC heap, native
/// allocations, stacks), file pages (mapped assemblies and native libraries) and shared memory (on .NET,
/// mostly the JIT's W^X double mapping of generated code). Null where /proc is not available.
/// </summary>
internal readonly record struct ResidentMemory(long AnonBytes, long FileBytes, long SharedBytes)
{
    public static ResidentMemory? TryReadCurrent()
    {
        try
        {
            long anon = -1, file = -1, shared = -1;
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                anon = ValueOf(line, "RssAnon:") ?? anon;
                file = ValueOf(line, "RssFile:") ?? file;
                shared = ValueOf(line, "RssShmem:") ?? shared;
            }

            return anon >= 0 && file >= 0 && shared >= 0 ? new ResidentMemory(anon, file, shared) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"RssAnon:   95340 kB" → bytes.</summary>
    private static long? ValueOf(string line, string field) =>
        line.StartsWith(field, StringComparison.Ordinal)
        && long.TryParse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
            ? kib * 1024
            : null;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"anon {AnonBytes >> 20} + file {FileBytes >> 20} + shared {SharedBytes >> 20} MiB");
}
