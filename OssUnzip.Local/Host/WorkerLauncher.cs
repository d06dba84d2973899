using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OssUnzip.Local.Processes;
using OssUnzip.S3rver;

namespace OssUnzip.Local.Host;

/// <summary>
/// Starts the isolated worker the way the Functions host does: its executable and assembly from
/// worker.config.json, the host endpoint and ids as --functions-* switches, the app directory in
/// FUNCTIONS_APPLICATION_DIRECTORY / FUNCTIONS_WORKER_DIRECTORY, and app settings as environment.
/// </summary>
internal static class WorkerLauncher
{
    /// <summary>Without this switch the worker's gRPC channel keeps a 4 MB limit and the handshake stalls (docs/facts.md §7).</summary>
    private const string MaxMessageLength = "2147483647";

    public static ChildProcess Start(
        WorkerApp app, Uri hostEndpoint, string workerId, IReadOnlyDictionary<string, string> settings, ILogger logger)
    {
        var startInfo = new ProcessStartInfo(app.Executable) { WorkingDirectory = app.Directory };
        foreach (var arg in new[]
                 {
                     app.WorkerPath,
                     "--functions-uri", hostEndpoint.ToString(),
                     "--functions-worker-id", workerId,
                     "--functions-request-id", Guid.NewGuid().ToString(),
                     "--functions-grpc-max-message-length", MaxMessageLength,
                 })
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        startInfo.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        startInfo.Environment["AzureWebJobsScriptRoot"] = app.Directory;
        startInfo.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        return ChildProcess.Start(
            startInfo,
            line => ProcessLog.ChildOutput(logger, "worker", line),
            line => ProcessLog.ChildOutput(logger, "worker", line));
    }
}
