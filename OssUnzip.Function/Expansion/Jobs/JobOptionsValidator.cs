using Microsoft.Extensions.Options;

namespace OssUnzip.Function.Expansion.Jobs;

/// <summary>Every bad Jobs setting, named, in one message.</summary>
internal sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Require(bool ok, string key, string rule, object? value)
        {
            if (!ok)
            {
                errors.Add($"{JobOptions.SectionName}:{key} {rule} (got {value ?? "nothing"}).");
            }
        }

        Require(Enum.IsDefined(options.Mode), nameof(JobOptions.Mode), "must be InProcess, LocalProcesses or Kubernetes", options.Mode);
        Require(options.RequestBudgetSeconds is > 0 and <= 600, nameof(JobOptions.RequestBudgetSeconds), "must be above 0 and at most 600", options.RequestBudgetSeconds);
        Require(options.RangePlanningSeconds is >= 0 and <= 600, nameof(JobOptions.RangePlanningSeconds), "must be at least 0 and at most 600", options.RangePlanningSeconds);
        Require(options.InlineMaxEntries >= 0, nameof(JobOptions.InlineMaxEntries), "must not be negative", options.InlineMaxEntries);
        Require(options.InlineMaxBytes >= 0, nameof(JobOptions.InlineMaxBytes), "must not be negative", options.InlineMaxBytes);
        Require(options.ShardBytes >= 1 << 20, nameof(JobOptions.ShardBytes), "must be at least 1048576", options.ShardBytes);
        Require(options.ShardEntries >= 1, nameof(JobOptions.ShardEntries), "must be at least 1", options.ShardEntries);
        Require(options.ProgressBatchEntries >= 1, nameof(JobOptions.ProgressBatchEntries), "must be at least 1", options.ProgressBatchEntries);
        Require(options.ProgressBatchBytes >= 1, nameof(JobOptions.ProgressBatchBytes), "must be at least 1", options.ProgressBatchBytes);
        Require(options.Parallelism is >= 1 and <= 1000, nameof(JobOptions.Parallelism), "must be 1..1000", options.Parallelism);
        Require(options.BackoffLimitPerIndex is >= 0 and <= 100, nameof(JobOptions.BackoffLimitPerIndex), "must be 0..100", options.BackoffLimitPerIndex);
        Require(options.StaleAfterSeconds >= 1, nameof(JobOptions.StaleAfterSeconds), "must be at least 1", options.StaleAfterSeconds);
        Require(options.TtlSecondsAfterFinished >= 0, nameof(JobOptions.TtlSecondsAfterFinished), "must not be negative", options.TtlSecondsAfterFinished);
        Require(options.Mode != JobMode.Kubernetes || !string.IsNullOrWhiteSpace(options.Image), nameof(JobOptions.Image), "is required when Jobs:Mode is Kubernetes (this app's image)", options.Image);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(string.Join(" ", errors));
    }
}
