using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using OssUnzip.Function.Storage;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// The HTTP routes the app serves, read from its [Function] methods' [HttpTrigger] attributes,
/// with host.json's route prefix: what probes, the ingress and EventBridge may point at.
/// </summary>
internal static class AppRoutes
{
    /// <summary>The Functions host's own unauthenticated liveness endpoint (docs/facts.md §7).</summary>
    public const string HostPing = "/admin/host/ping";

    /// <summary>Routes the settings contract (team brief) promises: function name is not needed here.</summary>
    public static readonly IReadOnlyList<(string Method, string Path)> Contract = [("post", "/api/unzip"), ("get", "/api/health")];

    public static IReadOnlyList<(string FunctionName, string Method, string Route)> Functions() =>
        [.. typeof(StorageOptions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
                .FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .SelectMany(x => (x.Trigger!.Methods ?? []).Select(method => (x.Function!.Name, method.ToLowerInvariant(), x.Trigger.Route ?? x.Function.Name)))];

    /// <summary>"/api/unzip" for route "unzip" under host.json's routePrefix.</summary>
    public static string PathOf(string route)
    {
        using var host = JsonDocument.Parse(RepositoryRoot.ReadAllText("host.json"));
        var prefix = host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        return string.IsNullOrEmpty(prefix) ? $"/{route}" : $"/{prefix}/{route}";
    }

    /// <summary>Paths a GET probe may use: the host's ping and the app's own GET routes (read from its functions).</summary>
    public static IReadOnlySet<string> GetPaths() =>
        new HashSet<string>(
            Functions().Where(f => f.Method == "get").Select(f => PathOf(f.Route))
                .Append(HostPing),
            StringComparer.Ordinal);
}
