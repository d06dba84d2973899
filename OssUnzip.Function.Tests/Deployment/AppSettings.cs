using System.Globalization;
using System.Reflection;
using System.Text.Json;
using OssUnzip.Function.Storage;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// What the deployment files must agree with: the settings contract (README / team brief),
/// the ConfigMap's values, and the limits host.json sets for the Functions host.
/// </summary>
internal static class AppSettings
{
    /// <summary>Shutdown:GracePeriodSeconds when not configured (settings contract).</summary>
    public const int DefaultShutdownGraceSeconds = 50;

    /// <summary>The settings that are secrets, in environment form; they come from the Secret only.</summary>
    public static readonly IReadOnlySet<string> SecretKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "Storage__AccessKeyId",
        "Storage__SecretAccessKey",
        "Auth__Tokens",
        "Archive__Passwords",
    };

    /// <summary>The non-secret settings of the contract, in environment form.</summary>
    public static readonly IReadOnlySet<string> ContractKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "Storage__ServiceUrl",
        "Storage__Region",
        "Storage__ForcePathStyle",
        "Unzip__AllowedBuckets",
        "Unzip__InputPrefix",
        "Unzip__OutputPrefix",
        "Auth__Mode",
        "Shutdown__GracePeriodSeconds",
    };

    /// <summary>
    /// Every setting the app binds, in environment form: "Section__Property" for each options
    /// class that declares a SectionName, plus the contract's keys whose options may not exist yet.
    /// </summary>
    public static IReadOnlySet<string> KnownPlainKeys
    {
        get
        {
            var bound = typeof(StorageOptions).Assembly.GetTypes()
                .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
                .Where(x => x.Section is not null)
                .SelectMany(x => x.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.CanWrite)
                    .Select(p => $"{x.Section}__{p.Name}"));
            return new HashSet<string>(bound.Concat(ContractKeys).Except(SecretKeys), StringComparer.Ordinal);
        }
    }

    public static IReadOnlyDictionary<string, string> ConfigMap =>
        ManifestSet.All.Single("common", "ConfigMap").Root.StringMap("data");

    public static string InputPrefix => ConfigMap["Unzip__InputPrefix"];

    public static string OutputPrefix => ConfigMap["Unzip__OutputPrefix"];

    public static IReadOnlyList<string> AllowedBuckets =>
        [.. ConfigMap["Unzip__AllowedBuckets"].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    public static int ShutdownGraceSeconds =>
        ConfigMap.TryGetValue("Shutdown__GracePeriodSeconds", out var value)
            ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : DefaultShutdownGraceSeconds;

    public static TimeSpan HostFunctionTimeout =>
        ReadHostJson(root => TimeSpan.Parse(root.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture));

    public static int HostMaxConcurrentRequests =>
        ReadHostJson(root => root.GetProperty("extensions").GetProperty("http").GetProperty("maxConcurrentRequests").GetInt32());

    private static T ReadHostJson<T>(Func<JsonElement, T> read)
    {
        using var document = JsonDocument.Parse(RepositoryRoot.ReadAllText("host.json"));
        return read(document.RootElement);
    }
}
