using System.Diagnostics;
using System.Globalization;

namespace OssUnzip.Benchmarks.Measurement;

/// <summary>What the results ran on: cores, memory, load (uptime) and the tool versions.</summary>
internal sealed record MachineFacts(int Cores, long MemoryBytes, string CpuModel, string LoadAverage, string Runtime, string AwsCli, string Unzip, string Gzip, string Tar)
{
    public static MachineFacts Collect()
    {
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        return new MachineFacts(
            Environment.ProcessorCount,
            long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024,
            cpu,
            CurrentUptime(),
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            FirstLine("aws", "--version"),
            FirstLine("unzip", "-v"),
            FirstLine("gzip", "--version"),
            FirstLine("tar", "--version"));
    }

    public static string CurrentUptime() => FirstLine("uptime", "");

    private static string FirstLine(string command, string argument)
    {
        try
        {
            var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (argument.Length > 0)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
