using Microsoft.Extensions.Options;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Expansion;

/// <summary>Collects every problem with the Backfill settings into one message naming the keys.</summary>
internal sealed class BackfillOptionsValidator : IValidateOptions<BackfillOptions>
{
    public ValidateOptionsResult Validate(string? name, BackfillOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Concurrency is < 1 or > 64)
        {
            errors.Add($"{SettingKey.For(BackfillOptions.SectionName, nameof(BackfillOptions.Concurrency))} ({options.Concurrency}) must be 1 to 64.");
        }

        if (options.KeepFinishedRuns < 1)
        {
            errors.Add($"{SettingKey.For(BackfillOptions.SectionName, nameof(BackfillOptions.KeepFinishedRuns))} ({options.KeepFinishedRuns}) must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
