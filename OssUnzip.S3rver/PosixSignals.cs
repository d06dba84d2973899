using System.Runtime.InteropServices;

namespace OssUnzip.S3rver;

/// <summary>SIGTERM to another process, which <see cref="System.Diagnostics.Process"/> cannot send (it only kills).</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM; false when the process is already gone or the signal could not be sent.</summary>
    public static bool TryTerminate(int pid) =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Kill(pid, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
