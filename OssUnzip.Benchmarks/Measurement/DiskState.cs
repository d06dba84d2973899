using System.Runtime.InteropServices;

namespace OssUnzip.Benchmarks.Measurement;

/// <summary>
/// Starts every scenario from the same disk state. s3rver keeps each object and part in a file, so a
/// writing row leaves gigabytes of dirty page cache behind; without a flush, the next row pays for the
/// previous row's writeback (measured: 2.0–2.2 GB dirty, this machine's writeback threshold, in every
/// W1 row). sync(2) returns once the dirty data is on disk.
/// </summary>
internal static partial class DiskState
{
    public static void Flush() => Sync();

    [LibraryImport("libc", EntryPoint = "sync")]
    private static partial void Sync();
}
