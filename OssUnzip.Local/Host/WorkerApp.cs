using System.Text.Json;

namespace OssUnzip.Local.Host;

/// <summary>
/// The built function app as the Functions host sees it: a directory holding functions.metadata,
/// host.json and worker.config.json, whose description names the executable and worker assembly.
/// </summary>
internal sealed record WorkerApp(string Directory, string Executable, string WorkerPath, string RoutePrefix)
{
    private const string DefaultRoutePrefix = "api";

    public static WorkerApp Load(string directory)
    {
        var configPath = Path.Combine(directory, "worker.config.json");
        if (!File.Exists(configPath) || !File.Exists(Path.Combine(directory, "functions.metadata")))
        {
            throw new InvalidOperationException(
                $"No built function app in {directory} (worker.config.json and functions.metadata are missing). " +
                "Build OssUnzip.Function first, e.g. `dotnet build OssUnzip.Local`.");
        }

        using var config = JsonDocument.Parse(File.ReadAllText(configPath));
        var description = config.RootElement.GetProperty("description");
        var executable = description.TryGetProperty("defaultExecutablePath", out var exe) ? exe.GetString() : null;
        var workerPath = description.TryGetProperty("defaultWorkerPath", out var worker) ? worker.GetString() : null;
        if (string.IsNullOrEmpty(executable) || string.IsNullOrEmpty(workerPath))
        {
            throw new InvalidOperationException($"{configPath} does not name defaultExecutablePath and defaultWorkerPath.");
        }

        return new WorkerApp(directory, executable, Path.Combine(directory, workerPath), ReadRoutePrefix(directory));
    }

    /// <summary>extensions.http.routePrefix from host.json, "api" when unset (as the real host does).</summary>
    private static string ReadRoutePrefix(string directory)
    {
        var hostJson = Path.Combine(directory, "host.json");
        if (!File.Exists(hostJson))
        {
            return DefaultRoutePrefix;
        }

        using var document = JsonDocument.Parse(
            File.ReadAllText(hostJson),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
               && extensions.TryGetProperty("http", out var http)
               && http.TryGetProperty("routePrefix", out var prefix)
               && prefix.ValueKind == JsonValueKind.String
            ? prefix.GetString()!.Trim('/')
            : DefaultRoutePrefix;
    }
}
