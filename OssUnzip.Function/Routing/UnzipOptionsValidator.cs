using Microsoft.Extensions.Options;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Routing;

/// <summary>Collects every problem with the Unzip settings into one message naming the keys.</summary>
internal sealed class UnzipOptionsValidator : IValidateOptions<UnzipOptions>
{
    private static string Key(string property) => SettingKey.For(UnzipOptions.SectionName, property);

    public ValidateOptionsResult Validate(string? name, UnzipOptions options)
    {
        var errors = new List<string>();
        if (options.AllowedBucketList.Count == 0)
        {
            errors.Add($"{Key(nameof(UnzipOptions.AllowedBuckets))} must name at least one bucket (comma-separated).");
        }

        ValidatePrefix(errors, Key(nameof(UnzipOptions.InputPrefix)), options.InputPrefix);
        ValidatePrefix(errors, Key(nameof(UnzipOptions.OutputPrefix)), options.OutputPrefix);

        // The EventBridge rule is the first loop guard; this is the second: results must never land
        // where archives are picked up, or one upload would expand itself forever.
        if (errors.Count == 0 &&
            (options.OutputPrefix.StartsWith(options.InputPrefix, StringComparison.Ordinal) ||
             options.InputPrefix.StartsWith(options.OutputPrefix, StringComparison.Ordinal)))
        {
            errors.Add($"{Key(nameof(UnzipOptions.OutputPrefix))} ('{options.OutputPrefix}') overlaps {Key(nameof(UnzipOptions.InputPrefix))} ('{options.InputPrefix}'): expanded files could trigger the service again. Choose prefixes where neither starts with the other.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidatePrefix(List<string> errors, string key, string? prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            errors.Add($"{key} is required (an empty prefix would cover the whole bucket).");
        }
        else if (!prefix.EndsWith('/') || prefix.StartsWith('/'))
        {
            errors.Add($"{key} ('{prefix}') must end with '/' and must not start with '/'.");
        }
    }
}
