using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;

namespace OssUnzip.Local.Cli;

/// <summary>
/// Parses the command line. Every problem is collected into one message; nothing is clamped.
/// </summary>
internal static class LocalOptionsParser
{
    public const string Usage =
        "usage: dotnet run --project OssUnzip.Local -- [--data-dir DIR] [--s3-port N] [--port N] " +
        "[--bucket NAME] [--token T] [--no-auth] [--function-dir DIR] [--delivery-timeout SECONDS] [--s3-endpoint URL] [--setting KEY=VALUE]...\n" +
        "       dotnet run --project OssUnzip.Local -- backfill [--bucket NAME] [--prefix P] [--port N] [--token T]";

    public static bool TryParse(IReadOnlyList<string> args, out LocalOptions? options, out string error)
    {
        var repositoryRoot = BuildMetadata("RepositoryRoot");
        string? dataDirectory = null;
        string? token = null;
        string? functionDirectory = null;
        var s3Port = LocalOptions.DefaultS3Port;
        var port = LocalOptions.DefaultPort;
        var bucket = LocalOptions.DefaultBucket;
        var noAuth = false;
        var deliveryTimeout = LocalOptions.DefaultDeliveryTimeoutSeconds;
        Uri? s3Endpoint = null;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-auth")
            {
                noAuth = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                errors.Add($"{name} needs a value");
                break;
            }

            var value = args[++i];
            switch (name)
            {
                case "--data-dir": dataDirectory = value; break;
                case "--s3-port": s3Port = ParsePort(name, value, errors); break;
                case "--port": port = ParsePort(name, value, errors); break;
                case "--bucket": bucket = value; break;
                case "--token": token = value; break;
                case "--function-dir": functionDirectory = value; break;
                case "--delivery-timeout":
                    if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out deliveryTimeout) || deliveryTimeout <= 0 || deliveryTimeout > 3600)
                    {
                        errors.Add("--delivery-timeout must be seconds above 0 and at most 3600");
                    }

                    break;
                case "--s3-endpoint":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out s3Endpoint) || s3Endpoint.Scheme is not ("http" or "https"))
                    {
                        errors.Add("--s3-endpoint must be an http or https URL");
                    }

                    break;
                case "--setting": AddSetting(value, settings, errors); break;
                default: errors.Add($"unknown option {name}"); break;
            }
        }

        if (!IsBucketName(bucket))
        {
            errors.Add("--bucket must be 3-63 characters of a-z, 0-9 and '-'");
        }

        if (token is not null && (token.Length == 0 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            errors.Add("--token must be non-empty and contain no whitespace");
        }

        if (errors.Count > 0)
        {
            options = null;
            error = string.Join("; ", errors);
            return false;
        }

        options = new LocalOptions
        {
            DataDirectory = Path.GetFullPath(dataDirectory ?? Path.Combine(repositoryRoot, ".local", "data")),
            S3Port = s3Port,
            Port = port,
            Bucket = bucket,
            Token = token ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            NoAuth = noAuth,
            DeliveryTimeout = TimeSpan.FromSeconds(deliveryTimeout),
            S3Endpoint = s3Endpoint,
            ExtraWorkerSettings = settings,
            RepositoryRoot = repositoryRoot,
            FunctionAppDirectory = Path.GetFullPath(functionDirectory ?? BuildMetadata("FunctionAppDirectory")),
        };
        error = string.Empty;
        return true;
    }

    private static int ParsePort(string name, string value, List<string> errors)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return port;
        }

        errors.Add($"{name} must be 0..65535");
        return 0;
    }

    /// <summary>KEY=VALUE, KEY in the environment form of a setting (letters, digits, '_'); VALUE may be empty.</summary>
    private static void AddSetting(string value, Dictionary<string, string> settings, List<string> errors)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? "" : value[..equals];
        if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            errors.Add($"--setting must be KEY=VALUE with KEY of letters, digits and '_' (Unzip__Rules__0__Name=x), not '{value}'");
            return;
        }

        settings[key] = value[(equals + 1)..];
    }

    private static bool IsBucketName(string bucket) =>
        bucket.Length is >= 3 and <= 63
        && bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && bucket[0] != '-' && bucket[^1] != '-';

    /// <summary>Paths baked in at build time by OssUnzip.Local.csproj.</summary>
    private static string BuildMetadata(string key) =>
        typeof(LocalOptionsParser).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Build metadata '{key}' is missing from OssUnzip.Local.");
}
