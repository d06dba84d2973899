namespace OssUnzip.Function.Configuration;

/// <summary>
/// The kebab-case spellings of <see cref="FolderMode"/>, <see cref="OverwritePolicy"/> and
/// <see cref="SourceDisposition"/> in settings ("flatten-single-top-folder", "skip-existing"), matched
/// ignoring case. The configuration binder parses enum names only, so rules hold strings and these
/// tables turn them into values; an unknown spelling is a startup error naming the setting.
/// </summary>
public static class RuleSettingValues
{
    public static IReadOnlyDictionary<string, FolderMode> FolderModes { get; } = new Dictionary<string, FolderMode>(StringComparer.OrdinalIgnoreCase)
    {
        ["keep"] = FolderMode.Keep,
        ["strip"] = FolderMode.Strip,
        ["flatten-single-top-folder"] = FolderMode.FlattenSingleTopFolder,
    };

    public static IReadOnlyDictionary<string, OverwritePolicy> OverwritePolicies { get; } = new Dictionary<string, OverwritePolicy>(StringComparer.OrdinalIgnoreCase)
    {
        ["overwrite"] = OverwritePolicy.Overwrite,
        ["skip-existing"] = OverwritePolicy.SkipExisting,
        ["fail"] = OverwritePolicy.Fail,
    };

    public static IReadOnlyDictionary<string, SourceDisposition> SourceDispositions { get; } = new Dictionary<string, SourceDisposition>(StringComparer.OrdinalIgnoreCase)
    {
        ["keep"] = SourceDisposition.Keep,
        ["delete"] = SourceDisposition.Delete,
        ["tag"] = SourceDisposition.Tag,
    };
}
