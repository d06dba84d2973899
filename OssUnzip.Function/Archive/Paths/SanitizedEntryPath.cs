namespace OssUnzip.Function.Archive.Paths;

/// <summary>
/// The outcome of <see cref="EntryPathSanitizer.Sanitize"/>: either a key below the output folder
/// (<see cref="Key"/> and <see cref="RelativePath"/> set, <see cref="SkipReason"/> None) or a skip
/// (both null). <see cref="Renames"/> says why the relative path differs from the entry name.
/// </summary>
internal sealed record SanitizedEntryPath
{
    private SanitizedEntryPath(string? key, string? relativePath, bool isDirectory, PathRenames renames, PathSkipReason skipReason)
    {
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

    public static SanitizedEntryPath Accepted(string key, string relativePath, bool isDirectory, PathRenames renames) =>
        new(key, relativePath, isDirectory, renames, PathSkipReason.None);

    public static SanitizedEntryPath Skipped(PathSkipReason reason, bool isDirectory, PathRenames renames) =>
        reason == PathSkipReason.None
            ? throw new ArgumentOutOfRangeException(nameof(reason), reason, "A skip needs a reason.")
            : new(null, null, isDirectory, renames, reason);
}
