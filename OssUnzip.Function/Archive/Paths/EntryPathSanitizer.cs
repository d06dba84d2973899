using System.Text;

namespace OssUnzip.Function.Archive.Paths;

/// <summary>
/// Maps a decoded entry name to an object key that cannot leave the output folder. Invariant: an
/// accepted key is the output folder key followed by one or more non-empty segments, none of them
/// <c>.</c> or <c>..</c>, joined by single <c>/</c>, with no control characters, at most
/// <see cref="MaxKeyUtf8Bytes"/> UTF-8 bytes in all.
/// </summary>
/// <remarks>
/// Steps: <c>\</c> → <c>/</c>; skip names with control characters; remove a UNC or device prefix
/// (<c>//server/share/</c>, <c>//?/</c>, <c>//./</c>, <c>//?/UNC/server/share/</c>), leading slashes and a
/// drive letter; drop empty, <c>.</c> and <c>..</c> segments (dropped, not resolved: <c>a/../b</c> is
/// <c>a/b</c>, so no entry can climb); skip what is left empty or too long.
/// The backslash rule applies to decoded text, so a GBK trail byte 0x5C never splits a character.
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
            return SanitizedEntryPath.Skipped(PathSkipReason.ControlCharacter, isDirectory, renames);
        }

        if (!IsWellFormedUtf16(path))
        {
            return SanitizedEntryPath.Skipped(PathSkipReason.InvalidUnicode, isDirectory, renames);
        }

        path = RemoveRoot(path, ref renames);

        var segments = path.Split('/');
        var kept = new List<string>(segments.Length);
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
            }
            else
            {
                kept.Add(segment);
            }
        }

        if (kept.Count == 0)
        {
            return SanitizedEntryPath.Skipped(PathSkipReason.EmptyAfterSanitizing, isDirectory, renames);
        }

        var relativePath = string.Join('/', kept);
        var key = outputFolderKey + relativePath;
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyUtf8Bytes)
        {
            return SanitizedEntryPath.Skipped(PathSkipReason.KeyTooLong, isDirectory, renames);
        }

        return SanitizedEntryPath.Accepted(key, relativePath, isDirectory, renames);
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
