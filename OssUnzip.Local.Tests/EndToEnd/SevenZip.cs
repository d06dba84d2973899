using System.ComponentModel;
using System.Diagnostics;

namespace OssUnzip.Local.Tests.EndToEnd;

/// <summary>
/// Archives made by the real 7-Zip (`7z`, Debian package p7zip-full, which .ci/run installs) at test time. A missing tool
/// fails the test (never a skip), so CI cannot pass by testing less.
/// </summary>
internal static class SevenZip
{
    /// <summary>A solid 7z, LZMA2, of the given files (names with '/' become folders).</summary>
    public static async Task<byte[]> CreateSolidLzma2Async(IReadOnlyDictionary<string, byte[]> files)
    {
        var work = Directory.CreateTempSubdirectory("ossunzip-7z-").FullName;
        try
        {
            var tree = Path.Combine(work, "tree");
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(tree, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, content);
            }

            var archive = Path.Combine(work, "x.7z");
            await RunAsync(tree, ["a", "-t7z", "-m0=lzma2", "-mx=1", "-ms=on", archive, "."]);
            return await File.ReadAllBytesAsync(archive);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task RunAsync(string workingDirectory, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo("7z")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // 7-Zip reads file names in the locale's encoding: pin UTF-8 so a non-ASCII name is kept.
        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        startInfo.Environment["LANG"] = "C.UTF-8";
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("7z is not installed (Debian package p7zip-full).", ex);
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"7z {string.Join(' ', startInfo.ArgumentList)}: {await error}{await output}");
    }
}
