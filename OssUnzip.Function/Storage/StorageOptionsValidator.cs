using Microsoft.Extensions.Options;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Storage;

/// <summary>Collects every problem with the Storage settings into one message naming the keys.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private static string Key(string property) => SettingKey.For(StorageOptions.SectionName, property);

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{Key(nameof(StorageOptions.ServiceUrl))} must be an absolute http(s) URL, e.g. https://s3.oss-cn-hangzhou-internal.aliyuncs.com.");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            errors.Add($"{Key(nameof(StorageOptions.Region))} is required, e.g. oss-cn-hangzhou.");
        }

        if (string.IsNullOrEmpty(options.AccessKeyId) != string.IsNullOrEmpty(options.SecretAccessKey))
        {
            errors.Add($"{Key(nameof(StorageOptions.AccessKeyId))} and {Key(nameof(StorageOptions.SecretAccessKey))} must be set together (or both left empty to use the default credential chain).");
        }

        if (options.RequestTimeoutSeconds is < 1 or > 3600)
        {
            errors.Add($"{Key(nameof(StorageOptions.RequestTimeoutSeconds))} must be 1..3600 (was {options.RequestTimeoutSeconds}).");
        }

        if (options.MaxErrorRetry is < 0 or > 20)
        {
            errors.Add($"{Key(nameof(StorageOptions.MaxErrorRetry))} must be 0..20 (was {options.MaxErrorRetry}).");
        }

        if (options.MaxConnections is < 1 or > 1024)
        {
            errors.Add($"{Key(nameof(StorageOptions.MaxConnections))} must be 1..1024 (was {options.MaxConnections}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
