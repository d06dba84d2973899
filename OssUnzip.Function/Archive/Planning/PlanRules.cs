using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// The parts of an output rule that decide the plan: folder mode (null: Archive:FlattenSingleTopFolder
/// decides), name encoding (null: Archive:NameEncoding decides) and include/exclude globs on sanitized entry paths, matched ordinally (keys are
/// case-sensitive) with Microsoft.Extensions.FileSystemGlobbing: '*' stays inside one path segment,
/// '**' crosses segments ("*.csv" matches top-level files only, "**/*.csv" any depth).
/// </summary>
public sealed class PlanRules
{
    public static PlanRules Default { get; } = new(null, [], []);

    private readonly Matcher? _include;
    private readonly Matcher? _exclude;

    public PlanRules(FolderMode? folderMode, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        FolderMode = folderMode;
        _include = include.Count == 0 ? null : MatcherFor(include);
        _exclude = exclude.Count == 0 ? null : MatcherFor(exclude);
    }

    public FolderMode? FolderMode { get; }

    /// <summary>The rule's name encoding (<c>auto</c> or a code page, as Archive:NameEncoding); null follows Archive:NameEncoding.</summary>
    public string? NameEncoding { get; init; }

    /// <summary>
    /// The encoding entry names are read with (null: detect per archive): the rule's setting when it has
    /// one, else <paramref name="archiveSetting"/> (Archive:NameEncoding). Both are validated at startup.
    /// </summary>
    public Encoding? ForcedNameEncoding(string archiveSetting) =>
        NameEncodingSetting.TryParse(NameEncoding ?? archiveSetting, out var forced) ? forced : null;

    /// <summary>True when the globs leave this sanitized path out.</summary>
    public bool Excludes(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return (_include is not null && !_include.Match(relativePath).HasMatches)
            || (_exclude is not null && _exclude.Match(relativePath).HasMatches);
    }

    private static Matcher MatcherFor(IReadOnlyList<string> globs)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(globs);
        return matcher;
    }
}
