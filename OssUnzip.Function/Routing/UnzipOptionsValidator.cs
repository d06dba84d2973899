using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Routing;

/// <summary>
/// Collects every problem with the Unzip settings into one message naming the keys: each rule's own
/// values, rules that overlap (one archive matched by two rules), and the loop guard across buckets
/// (a rule whose output folder could be matched by any rule's input).
/// </summary>
internal sealed class UnzipOptionsValidator : IValidateOptions<UnzipOptions>
{
    private static readonly string[] Placeholders = ["{dir}", "{name}", "{key}"];

    private static string Key(string property) => SettingKey.For(UnzipOptions.SectionName, property);

    public ValidateOptionsResult Validate(string? name, UnzipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Rules.Count > 0)
        {
            if (options.AllowedBucketList.Count > 0)
            {
                errors.Add($"{Key(nameof(UnzipOptions.AllowedBuckets))} must be empty when {Key(nameof(UnzipOptions.Rules))} is given (each rule names its bucket).");
            }
        }
        else
        {
            if (options.AllowedBucketList.Count == 0)
            {
                errors.Add($"{Key(nameof(UnzipOptions.AllowedBuckets))} must name at least one bucket (comma-separated), or {Key(nameof(UnzipOptions.Rules))} must list rules.");
            }

            ValidatePrefix(errors, Key(nameof(UnzipOptions.InputPrefix)), options.InputPrefix);
            ValidatePrefix(errors, Key(nameof(UnzipOptions.OutputPrefix)), options.OutputPrefix);
            if (errors.Count > 0)
            {
                return ValidateOptionsResult.Fail(errors);
            }
        }

        var rules = options.EffectiveRules;
        for (var i = 0; i < options.Rules.Count; i++)
        {
            ValidateRule(errors, RuleKey(i), options.Rules[i]);
        }

        foreach (var duplicate in options.Rules.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1 && g.Key.Length > 0))
        {
            errors.Add($"{Key(nameof(UnzipOptions.Rules))}: the name '{duplicate.Key}' is used by more than one rule; each rule's name must be unique (manifests record it).");
        }

        if (errors.Count == 0)
        {
            ValidateAcrossRules(errors, options, rules);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string RuleKey(int index) => Key(nameof(UnzipOptions.Rules)) + ":" + index.ToString(CultureInfo.InvariantCulture);

    private static void ValidateRule(List<string> errors, string key, UnzipRule rule)
    {
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            errors.Add($"{key}:{nameof(UnzipRule.Name)} is required (manifests and errors name the rule).");
        }

        if (string.IsNullOrWhiteSpace(rule.Bucket))
        {
            errors.Add($"{key}:{nameof(UnzipRule.Bucket)} is required.");
        }

        ValidatePrefix(errors, $"{key}:{nameof(UnzipRule.InputPrefix)}", rule.InputPrefix);
        ValidateTemplate(errors, $"{key}:{nameof(UnzipRule.OutputPrefix)}", rule.OutputPrefix);
        if (rule.FolderMode is not null && !RuleSettingValues.FolderModes.ContainsKey(rule.FolderMode))
        {
            errors.Add($"{key}:{nameof(UnzipRule.FolderMode)} ('{rule.FolderMode}') must be one of {string.Join(", ", RuleSettingValues.FolderModes.Keys)}.");
        }

        if (!RuleSettingValues.OverwritePolicies.ContainsKey(rule.Overwrite ?? ""))
        {
            errors.Add($"{key}:{nameof(UnzipRule.Overwrite)} ('{rule.Overwrite}') must be one of {string.Join(", ", RuleSettingValues.OverwritePolicies.Keys)}.");
        }

        if (!RuleSettingValues.SourceDispositions.ContainsKey(rule.SourceDisposition ?? ""))
        {
            errors.Add($"{key}:{nameof(UnzipRule.SourceDisposition)} ('{rule.SourceDisposition}') must be one of {string.Join(", ", RuleSettingValues.SourceDispositions.Keys)}.");
        }

        if (rule.NameEncoding is not null && !NameEncodingSetting.TryParse(rule.NameEncoding, out _))
        {
            errors.Add($"{key}:{nameof(UnzipRule.NameEncoding)} must be {NameEncodingSetting.AcceptedValues} (was '{rule.NameEncoding}').");
        }

        foreach (var glob in rule.Include.Concat(rule.Exclude).Where(g => string.IsNullOrWhiteSpace(g) || g.StartsWith('/')))
        {
            errors.Add($"{key}: the glob '{glob}' in {nameof(UnzipRule.Include)}/{nameof(UnzipRule.Exclude)} must be non-empty and relative (entry paths never start with '/').");
        }
    }

    /// <summary>
    /// Overlap: two rules on one bucket where one input prefix starts with the other's (an archive under
    /// both would have two outputs). Loop: a rule's output folder lies in a bucket where some rule takes
    /// archives, and the template's fixed start and that rule's input prefix are not disjoint (a
    /// template starting with a placeholder could be anything, so it is disjoint from nothing).
    /// </summary>
    private static void ValidateAcrossRules(List<string> errors, UnzipOptions options, IReadOnlyList<UnzipRule> rules)
    {
        var named = options.Rules.Count > 0;
        string Describe(UnzipRule rule, int index) => named ? $"rule '{rule.Name}' ({RuleKey(index)})" : $"the default rule for bucket '{rule.Bucket}'";
        for (var i = 0; i < rules.Count; i++)
        {
            for (var j = i + 1; j < rules.Count; j++)
            {
                if (rules[i].Bucket == rules[j].Bucket && PrefixesMeet(rules[i].InputPrefix, rules[j].InputPrefix))
                {
                    errors.Add($"{Describe(rules[i], i)} and {Describe(rules[j], j)} overlap: both take archives in bucket '{rules[i].Bucket}' under '{rules[i].InputPrefix}' and '{rules[j].InputPrefix}'. Give them disjoint input prefixes.");
                }
            }
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var fixedStart = FixedStart(rules[i].OutputPrefix);
            for (var j = 0; j < rules.Count; j++)
            {
                if (rules[i].EffectiveOutputBucket == rules[j].Bucket && PrefixesMeet(fixedStart, rules[j].InputPrefix))
                {
                    if (!named)
                    {
                        // Today's flat settings: the message they have always had.
                        var legacy = $"{Key(nameof(UnzipOptions.OutputPrefix))} ('{options.OutputPrefix}') overlaps {Key(nameof(UnzipOptions.InputPrefix))} ('{options.InputPrefix}'): expanded files could trigger the service again. Choose prefixes where neither starts with the other.";
                        if (!errors.Contains(legacy))
                        {
                            errors.Add(legacy);
                        }

                        continue;
                    }

                    var outputKey = $"{RuleKey(i)}:{nameof(UnzipRule.OutputPrefix)}";
                    errors.Add($"{outputKey} ('{rules[i].OutputPrefix}' in bucket '{rules[i].EffectiveOutputBucket}') of {Describe(rules[i], i)} could be matched by the input '{rules[j].InputPrefix}' of {Describe(rules[j], j)}: expanded files could trigger the service again. Choose prefixes where neither starts with the other.");
                }
            }
        }
    }

    /// <summary>The template up to its first placeholder: every output key of the rule starts with it.</summary>
    internal static string FixedStart(string template)
    {
        var brace = template.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 ? template : template[..brace];
    }

    private static bool PrefixesMeet(string a, string b) =>
        a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal);

    private static void ValidateTemplate(List<string> errors, string key, string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            errors.Add($"{key} is required.");
            return;
        }

        if (!template.EndsWith('/') || template.StartsWith('/'))
        {
            errors.Add($"{key} ('{template}') must end with '/' and must not start with '/'.");
        }

        var rest = template;
        foreach (var placeholder in Placeholders)
        {
            rest = rest.Replace(placeholder, "", StringComparison.Ordinal);
        }

        if (rest.Contains('{', StringComparison.Ordinal) || rest.Contains('}', StringComparison.Ordinal))
        {
            errors.Add($"{key} ('{template}') has a placeholder other than {string.Join(", ", Placeholders)}.");
        }

        if (!template.Contains("{name}", StringComparison.Ordinal) && !template.Contains("{key}", StringComparison.Ordinal))
        {
            errors.Add($"{key} ('{template}') must contain {{name}} or {{key}}: every archive needs an output folder of its own, which holds its records (decision 0023).");
        }
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
