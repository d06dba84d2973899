namespace OssUnzip.Function.Archive.Paths;

/// <summary>
/// The outcome of <see cref="EntryPathSanitizer.Sanitize"/>: either a key below the output folder
/// (<see cref="Key"/> and <see cref="RelativePath"/> set, <see cref="SkipReason"/> None) or a skip
/// (both null). <see cref="Renames"/> says why the relative path differs from the entry name.
/// </summary>
internal sealed record SanitizedEntryPath
{
    private SanitizedEntryPath(string? key, string? relativePath, bool isDirectory, PathRenames renames, PathSkipReason skipReason, PathRenames silentRenames = PathRenames.None)
    {
        if ((silentRenames & ~renames) != PathRenames.None)
        {
            throw new ArgumentException("Only a rename that was made can be silent.", nameof(silentRenames));
        }

        SilentRenames = silentRenames;
        Key = key;
        RelativePath = relativePath;
        IsDirectory = isDirectory;
        Renames = renames;
        SkipReason = skipReason;
    }

    /// <summary>Full object key: the output folder key followed by <see cref="RelativePath"/>.</summary>
    public string? Key { get; }

    /// <summary>Slash-separated path below the output folder, no leading or trailing slash.</summary>
    public string? RelativePath { get; }

    /// <summary>The name ended with <c>/</c> or <c>\</c>.</summary>
    public bool IsDirectory { get; }

    public PathRenames Renames { get; }

    public PathSkipReason SkipReason { get; }

    public bool IsSkipped => SkipReason != PathSkipReason.None;

    public bool IsRenamed => Renames != PathRenames.None;

    /// <summary>
    /// The part of <see cref="Renames"/> no report lists (decision 0046): <see cref="PathRenames.DotSegmentsRemoved"/>
    /// when every dropped dot segment was a <c>.</c> before the name's last segment (<c>./a.txt</c>,
    /// <c>././a</c>, <c>a/./b</c>), which reading the name as a path drops anyway; else None. A <c>..</c>,
    /// or a file named <c>a/.</c>, keeps the whole rename listed.
    /// </summary>
    public PathRenames SilentRenames { get; }

    /// <summary>Whether <paramref name="renames"/> (this path's, plus any a planner added) hold a rename a report lists.</summary>
    public bool IsListed(PathRenames renames) => (renames & ~SilentRenames) != PathRenames.None;

    public static SanitizedEntryPath Accepted(string key, string relativePath, bool isDirectory, PathRenames renames, PathRenames silentRenames = PathRenames.None) =>
        new(key, relativePath, isDirectory, renames, PathSkipReason.None, silentRenames);

    public static SanitizedEntryPath Skipped(PathSkipReason reason, bool isDirectory, PathRenames renames) =>
        reason == PathSkipReason.None
            ? throw new ArgumentOutOfRangeException(nameof(reason), reason, "A skip needs a reason.")
            : new(null, null, isDirectory, renames, reason);
}
