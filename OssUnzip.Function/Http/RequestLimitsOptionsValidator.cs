using Microsoft.Extensions.Options;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Http;

internal sealed class RequestLimitsOptionsValidator : IValidateOptions<RequestLimitsOptions>
{
    private static string Key(string property) => SettingKey.For(RequestLimitsOptions.SectionName, property);

    private const int MinBodyBytes = 4 * 1024;
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, RequestLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxBodyBytes is < MinBodyBytes or > MaxBodyBytes
            ? ValidateOptionsResult.Fail($"{Key(nameof(RequestLimitsOptions.MaxBodyBytes))} must be {MinBodyBytes}..{MaxBodyBytes} (was {options.MaxBodyBytes}); events are small, and the whole body is held in memory.")
            : ValidateOptionsResult.Success;
    }
}
