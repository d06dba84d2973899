namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// Recognizes what the macOS Archive Utility and Finder add to an archive besides the user's files:
/// the <c>__MACOSX/</c> tree (AppleDouble resource forks and attributes), an AppleDouble <c>._name</c>
/// file beside a real <c>name</c> in the same folder, and Finder's <c>.DS_Store</c> view settings.
/// A <c>._name</c> file with no <c>name</c> beside it is kept: it may be a user's file, and without
/// its companion it describes nothing. Paths are sanitized relative paths, compared ordinally.
/// </summary>
internal sealed class MacMetadata
{
    public const string MacOsxFolder = "__MACOSX";
    public const string AppleDoublePrefix = "._";
    public const string FinderViewSettings = ".DS_Store";

    private readonly IEnumerable<string> _allPaths;
    private HashSet<string>? _paths;

    /// <param name="paths">Every entry's sanitized relative path (files and folders); read only when
    /// an AppleDouble candidate appears, so an archive without one pays nothing for the lookup set.</param>
    public MacMetadata(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _allPaths = paths;
    }

    private HashSet<string> Paths => _paths ??= BuildPaths(_allPaths);

    private static HashSet<string> BuildPaths(IEnumerable<string> paths)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            // A file's parent folders exist even when the archive has no entry for them.
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                set.Add(path[..slash]);
            }

            set.Add(path);
        }

        return set;
    }

    /// <summary>Why this path is macOS metadata, or null when it is not.</summary>
    public string? Describe(string relativePath, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? relativePath : relativePath[..slash];
        if (first == MacOsxFolder)
        {
            return "macOS metadata: the __MACOSX tree of resource forks and extended attributes";
        }

        if (isDirectory)
        {
            return null;
        }

        var lastSlash = relativePath.LastIndexOf('/');
        var fileName = relativePath[(lastSlash + 1)..];
        if (fileName == FinderViewSettings)
        {
            return "macOS metadata: Finder's folder view settings (.DS_Store)";
        }

        if (fileName.Length > AppleDoublePrefix.Length
            && fileName.StartsWith(AppleDoublePrefix, StringComparison.Ordinal)
            && Paths.Contains(string.Concat(relativePath.AsSpan(0, lastSlash + 1), fileName.AsSpan(AppleDoublePrefix.Length))))
        {
            return "macOS metadata: an AppleDouble file beside the entry it describes";
        }

        return null;
    }
}
