using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OssUnzip.S3rver;

namespace OssUnzip.Local.Processes;

/// <summary>Installs tools/s3rver's locked dependencies with `npm ci` when node_modules is absent.</summary>
internal static class NpmInstaller
{
    public static async Task EnsureInstalledAsync(string packageDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        if (Directory.Exists(Path.Combine(packageDirectory, "node_modules")))
        {
            return;
        }

        ProcessLog.NpmInstalling(logger, packageDirectory);
        var startInfo = new ProcessStartInfo("npm") { WorkingDirectory = packageDirectory };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        await using var npm = ChildProcess.Start(
            startInfo,
            line => ProcessLog.ChildOutput(logger, "npm", line),
            line => ProcessLog.ChildOutput(logger, "npm", line));
        await npm.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {packageDirectory} failed with exit code {npm.ExitCode}.");
        }
    }
}
