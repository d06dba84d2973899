using System.Text;

namespace OssUnzip.Function.Archive.Paths;

/// <summary>
/// Maps a decoded entry name to an object key that cannot leave the output folder. Invariant: an
/// accepted key is the output folder key followed by one or more non-empty segments, none of them
/// <c>.</c>, <c>..</c> or <see cref="ReservedNames.RecordsFolder"/> (in any case), joined by single
/// <c>/</c>, with no control characters, at most <see cref="MaxKeyUtf8Bytes"/> UTF-8 bytes in all.
/// </summary>
/// <remarks>
/// Steps: <c>\</c> → <c>/</c>; control characters → <c>_</c>; remove a UNC or device prefix
/// (<c>//server/share/</c>, <c>//?/</c>, <c>//./</c>, <c>//?/UNC/server/share/</c>), leading slashes and a
/// drive letter; drop empty, <c>.</c> and <c>..</c> segments (dropped, not resolved: <c>a/../b</c> is
/// <c>a/b</c>, so no entry can climb); a segment equal to <c>.ossunzip</c> becomes <c>_ossunzip</c>.
/// When nothing is left (<c>..</c>, <c>.</c>, <c>C:</c>), the name's last segment stands in with its dots
/// and colons made <c>_</c> (<c>..</c> → <c>__</c>, as Info-ZIP does), so the bytes are kept under a
/// replacement name; only an empty name (or a folder entry of nothing), and keys over the limit or not well-formed Unicode, are skipped.
/// Dropping <c>.</c> segments alone (<c>./a.txt</c>, as <c>tar -C dir .</c> writes, or <c>a/./b</c>) is
/// recorded but silent (<see cref="SanitizedEntryPath.SilentRenames"/>, decision 0046): the name, read as a
/// path, already is the key.
/// The backslash rule applies to decoded text, so a multi-byte character's 0x5C trail byte never splits a name.
/// </remarks>
internal static class EntryPathSanitizer
{
    /// <summary>OSS rejects keys longer than this many UTF-8 bytes.</summary>
    public const int MaxKeyUtf8Bytes = 1023;

    public static SanitizedEntryPath Sanitize(string decodedName, string outputFolderKey)
    {
        ArgumentNullException.ThrowIfNull(decodedName);
        ArgumentException.ThrowIfNullOrEmpty(outputFolderKey);
        if (!outputFolderKey.EndsWith('/'))
        {
            throw new ArgumentException("The output folder key must end with '/'.", nameof(outputFolderKey));
        }

        var renames = PathRenames.None;
        var path = decodedName;
        if (path.Contains('\\', StringComparison.Ordinal))
        {
            path = path.Replace('\\', '/');
            renames |= PathRenames.BackslashSeparators;
        }

        var isDirectory = path.EndsWith('/');

        if (path.Any(char.IsControl))
        {
            path = string.Create(path.Length, path, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = char.IsControl(source[i]) ? ReplacementChar : source[i];
                }
            });
            renames |= PathRenames.ControlCharactersReplaced;
        }

        if (!IsWellFormedUtf16(path))
        {
            return SanitizedEntryPath.Skipped(PathSkipReason.InvalidUnicode, isDirectory, renames);
        }

        var beforeRoot = path;
        path = RemoveRoot(path, ref renames);

        var segments = path.Split('/');
        var kept = new List<string>(segments.Length);
        var silentDots = true;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                var isDirectoryMarker = isDirectory && i == segments.Length - 1;
                if (!isDirectoryMarker && segments.Length > 1)
                {
                    renames |= PathRenames.EmptySegmentsRemoved;
                }
            }
            else if (segment is "." or "..")
            {
                renames |= PathRenames.DotSegmentsRemoved;
                // "." names the folder it stands in, so dropping it changes no path; not so a "..", nor
                // a "." that is a file's own last segment (the file would take its folder's name).
                silentDots &= segment == "." && (isDirectory || i < segments.Length - 1);
            }
            else if (segment.Equals(ReservedNames.RecordsFolder, StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(ReplacementChar + segment[1..]);
                renames |= PathRenames.ReservedNameReplaced;
            }
            else
            {
                kept.Add(segment);
            }
        }

        if (kept.Count == 0)
        {
            // A folder entry writes nothing, so a folder of nothing needs no stand-in.
            var standIn = isDirectory ? null : StandIn(beforeRoot);
            if (standIn is null)
            {
                return SanitizedEntryPath.Skipped(PathSkipReason.EmptyAfterSanitizing, isDirectory, renames);
            }

            kept.Add(standIn);
            renames |= PathRenames.NameReplaced;
        }

        var relativePath = string.Join('/', kept);
        var key = outputFolderKey + relativePath;
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyUtf8Bytes)
        {
            return SanitizedEntryPath.Skipped(PathSkipReason.KeyTooLong, isDirectory, renames);
        }

        var silent = silentDots ? renames & PathRenames.DotSegmentsRemoved : PathRenames.None;
        return SanitizedEntryPath.Accepted(key, relativePath, isDirectory, renames, silent);
    }

    /// <summary>The character that stands in for what a key cannot hold (Info-ZIP writes <c>_</c> too).</summary>
    public const char ReplacementChar = '_';

    /// <summary>
    /// The last non-empty segment of a name of which nothing else survives, with <c>.</c> and <c>:</c>
    /// made <see cref="ReplacementChar"/>, so it is neither a dot segment nor a drive; null when the
    /// name has no non-empty segment at all.
    /// </summary>
    private static string? StandIn(string path)
    {
        var last = path.Split('/').LastOrDefault(s => s.Length > 0);
        return last is null ? null : last.Replace('.', ReplacementChar).Replace(':', ReplacementChar);
    }

    private static string RemoveRoot(string path, ref PathRenames renames)
    {
        if (path.Length > 2 && path.StartsWith("//", StringComparison.Ordinal) && path[2] != '/')
        {
            renames |= PathRenames.UncPrefixRemoved;
            var rest = path[2..];
            var first = FirstSegment(rest);
            if (first is "?" or ".")
            {
                rest = SkipSegments(rest, 1);
                rest = FirstSegment(rest).Equals("UNC", StringComparison.OrdinalIgnoreCase) ? SkipSegments(rest, 3) : rest;
            }
            else
            {
                rest = SkipSegments(rest, 2);
            }

            path = rest;
        }

        if (path.StartsWith('/'))
        {
            path = path.TrimStart('/');
            renames |= PathRenames.LeadingSlashRemoved;
        }

        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
        {
            path = path[2..].TrimStart('/');
            renames |= PathRenames.DriveLetterRemoved;
        }

        return path;
    }

    private static string FirstSegment(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? path : path[..slash];
    }

    private static string SkipSegments(string path, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return string.Empty;
            }

            path = path[(slash + 1)..];
        }

        return path;
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
