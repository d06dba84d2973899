using Microsoft.Extensions.Options;

namespace OssUnzip.Function.Expansion;

/// <summary>Validates the Shutdown and Completion settings, naming the keys.</summary>
internal sealed class ExpansionOptionsValidator : IValidateOptions<ShutdownOptions>, IValidateOptions<CompletionOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.GracePeriodSeconds is >= 0 and <= 3600
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Shutdown:GracePeriodSeconds must be 0..3600 (was {options.GracePeriodSeconds}).");

    public ValidateOptionsResult Validate(string? name, CompletionOptions options)
    {
        var errors = new List<string>();
        if (options.Enabled && (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Completion:Url must be an absolute http(s) URL when set (was '{options.Url}').");
        }

        if (string.IsNullOrWhiteSpace(options.Source))
        {
            errors.Add("Completion:Source must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
