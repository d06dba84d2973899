using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OssUnzip.Testing;

/// <summary>
/// Runs one third-party tool (an archiver, a compressor, python3) for the tests, in a pinned UTF-8 locale.
/// A missing tool fails the test with the Debian package that provides it (never a skip), so CI cannot
/// pass by silently testing less; a non-zero exit fails it with the tool's output.
/// </summary>
public static class ExternalTool
{
    /// <summary>Tool → Debian package, the list .ci/run installs.</summary>
    public static readonly IReadOnlyDictionary<string, string> DebianPackages = new Dictionary<string, string>
    {
        ["zip"] = "zip",
        ["7z"] = "p7zip-full",
        ["bsdtar"] = "libarchive-tools",
        ["jar"] = "default-jdk-headless",
        ["python3"] = "python3",
        ["tar"] = "tar",
        ["gzip"] = "gzip",
        ["bzip2"] = "bzip2",
        ["xz"] = "xz-utils",
        ["zstd"] = "zstd",
    };

    public static async Task<string> RunAsync(
        string tool,
        string workingDirectory,
        IEnumerable<string> arguments,
        string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Tools decide name encodings from the locale; pin it so results do not depend on the caller.
        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        startInfo.Environment["LANG"] = "C.UTF-8";

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            var package = DebianPackages.TryGetValue(tool, out var name) ? name : "?";
            throw new InvalidOperationException($"Test tool '{tool}' is not installed (Debian package '{package}').", ex);
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        var stdout = await output;
        var stderr = await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{tool} {string.Join(' ', startInfo.ArgumentList)}' exited with {process.ExitCode}: {stderr}{stdout}"));
        }

        return stdout;
    }
}
