using Microsoft.Extensions.Options;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Expansion;

/// <summary>Validates the Shutdown and Completion settings, naming the keys.</summary>
internal sealed class ExpansionOptionsValidator : IValidateOptions<ShutdownOptions>, IValidateOptions<CompletionOptions>
{
    private static string ShutdownKey(string property) => SettingKey.For(ShutdownOptions.SectionName, property);

    private static string CompletionKey(string property) => SettingKey.For(CompletionOptions.SectionName, property);

    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.GracePeriodSeconds is >= 0 and <= 3600
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ShutdownKey(nameof(ShutdownOptions.GracePeriodSeconds))} must be 0..3600 (was {options.GracePeriodSeconds}).");

    public ValidateOptionsResult Validate(string? name, CompletionOptions options)
    {
        var errors = new List<string>();
        if (options.Enabled && (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{CompletionKey(nameof(CompletionOptions.Url))} must be an absolute http(s) URL when set (was '{options.Url}').");
        }

        if (string.IsNullOrWhiteSpace(options.Source))
        {
            errors.Add($"{CompletionKey(nameof(CompletionOptions.Source))} must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
