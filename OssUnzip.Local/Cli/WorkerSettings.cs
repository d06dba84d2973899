using OssUnzip.S3rver;

namespace OssUnzip.Local.Cli;

/// <summary>
/// The app settings (settings contract, env form) the worker runs with against the local s3rver, then
/// every --setting over them.
/// </summary>
internal static class WorkerSettings
{
    public static IReadOnlyDictionary<string, string> For(LocalOptions options, string s3Url)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__ServiceUrl"] = s3Url,
            ["Storage__Region"] = "us-east-1",
            ["Storage__ForcePathStyle"] = "true",
            ["Storage__AccessKeyId"] = S3rverProcess.AccessKey,
            ["Storage__SecretAccessKey"] = S3rverProcess.SecretKey,
            ["Unzip__AllowedBuckets"] = options.Bucket,
            // Big archives become jobs whose shards run as child processes, as pods would (issue 16).
            ["Jobs__Mode"] = "LocalProcesses",
        };

        if (options.NoAuth)
        {
            settings["Auth__Mode"] = "None";
        }
        else
        {
            settings["Auth__Mode"] = "Token";
            settings["Auth__Tokens"] = options.Token;
        }

        // Rules name their own buckets, and the worker requires Unzip:AllowedBuckets to be empty beside them.
        if (options.ExtraWorkerSettings.Keys.Any(k => k.StartsWith("Unzip__Rules__", StringComparison.Ordinal)))
        {
            settings.Remove("Unzip__AllowedBuckets");
        }

        foreach (var (key, value) in options.ExtraWorkerSettings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
