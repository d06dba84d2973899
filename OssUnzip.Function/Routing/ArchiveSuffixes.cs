namespace OssUnzip.Function.Routing;

/// <summary>
/// The one list of key suffixes that name an archive the service reads, matched in any letter case,
/// and the one way to take that suffix off a key ("a/x.zip" → "a/x"). Routing, output folders and the
/// checks that keep eventbridge/ in step all read this list.
/// </summary>
public static class ArchiveSuffixes
{
    /// <summary>Accepted suffixes, lower case, longest first so a multi-part suffix wins over its tail.</summary>
    /// <remarks>
    /// Which format each suffix promises is the archive engine's business (it checks the promise against
    /// the bytes); routing only needs to know the suffix names an archive. .rar is routed so its
    /// uploader hears a clear answer (unsupported-format) rather than silence.
    /// </remarks>
    public static IReadOnlyList<string> All { get; } =
    [
        ".tar.bz2", ".tar.zst", ".tar.gz", ".tar.xz", ".tbz2", ".tzst", ".tar", ".tgz", ".txz", ".zip", ".rar", ".gz", ".7z",
    ];

    /// <summary>
    /// Splits <paramref name="key"/> into the part before an accepted suffix and the suffix as written.
    /// False when no accepted suffix ends the key, or when nothing would be left before it.
    /// </summary>
    public static bool TrySplit(string key, out string stem, out string suffix)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var candidate in All)
        {
            if (key.Length > candidate.Length && key.EndsWith(candidate, StringComparison.OrdinalIgnoreCase))
            {
                stem = key[..^candidate.Length];
                suffix = key[^candidate.Length..];
                return true;
            }
        }

        stem = key;
        suffix = "";
        return false;
    }
}
