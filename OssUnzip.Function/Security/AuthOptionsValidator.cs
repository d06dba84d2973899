using Microsoft.Extensions.Options;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Security;

/// <summary>Collects every problem with the Auth settings into one message naming the keys.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private static string Key(string property) => SettingKey.For(AuthOptions.SectionName, property);

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        switch (options.Mode)
        {
            case null:
                errors.Add($"{Key(nameof(AuthOptions.Mode))} is required: Token, Signature or None (None must be chosen explicitly; it leaves the webhook open).");
                break;
            case AuthMode.Token when options.TokenList.Count == 0:
                errors.Add($"{Key(nameof(AuthOptions.Tokens))} must list at least one token (comma-separated) when {Key(nameof(AuthOptions.Mode))} is Token.");
                break;
            case AuthMode.Signature:
                ValidateSignature(errors, options);
                break;
            default:
                break;
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSignature(List<string> errors, AuthOptions options)
    {
        if (!Uri.TryCreate(options.SignedUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{Key(nameof(AuthOptions.SignedUrl))} must be the absolute http(s) URL EventBridge calls (as configured on the target) when {Key(nameof(AuthOptions.Mode))} is Signature.");
        }

        if (!CertificateHostPattern.IsValid(options.CertificateHostPattern))
        {
            errors.Add($"{Key(nameof(AuthOptions.CertificateHostPattern))} ('{options.CertificateHostPattern}') must be a host name, optionally with one {{regionId}} label, e.g. '{AuthOptions.DefaultCertificateHostPattern}'.");
        }

        if (options.MaxTimestampSkewSeconds is < 1 or > 3600)
        {
            errors.Add($"{Key(nameof(AuthOptions.MaxTimestampSkewSeconds))} must be 1..3600 (was {options.MaxTimestampSkewSeconds}).");
        }

        if (options.CertificateCacheMinutes is < 1 or > 1440)
        {
            errors.Add($"{Key(nameof(AuthOptions.CertificateCacheMinutes))} must be 1..1440 (was {options.CertificateCacheMinutes}).");
        }
    }
}
