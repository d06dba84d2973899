using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// The S3 client's connection limit must cover the most requests an expansion can have in flight: the
/// uploads at their ceiling plus one ranged GET per reader. Fewer connections would queue requests inside
/// the HTTP client, where the concurrency controller would read the wait as the store's latency (decision
/// 0026). Reported, never raised silently.
/// </summary>
internal sealed class ConnectionLimitValidator(IOptions<StorageOptions> storage) : IValidateOptions<ArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var needed = (long)Math.Max(options.MaxUploadConcurrency, options.UploadConcurrency) + options.ReadConcurrency;
        int connections;
        try
        {
            connections = storage.Value.MaxConnections;
        }
        catch (OptionsValidationException)
        {
            // The Storage settings are invalid themselves and say so in their own message; the rest of the
            // Archive settings are still reported with them.
            return ValidateOptionsResult.Skip;
        }

        return connections >= needed
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{SettingKey.For(StorageOptions.SectionName, nameof(StorageOptions.MaxConnections))} must be at least {SettingKey.For(ArchiveOptions.SectionName, nameof(ArchiveOptions.MaxUploadConcurrency))} + {SettingKey.For(ArchiveOptions.SectionName, nameof(ArchiveOptions.ReadConcurrency))} = {needed} (was {connections})."));
    }
}
