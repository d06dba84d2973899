using System.Text;

namespace OssUnzip.Function.Tests.Archive.Corpus;

internal static partial class ArchiveCorpus
{
    private const string HostilePathsId = "python-hostile-paths";

    private static IEnumerable<CorpusCase> PathCases()
    {
        var longAccepted = NameForKeyLength(HostilePathsId, "long-ok-", 1023);
        var longRejected = NameForKeyLength(HostilePathsId, "long-no-", 1024);
        (string Name, string? Path)[] hostile =
        [
            ("../../etc/passwd", "etc/passwd"),
            ("..\\..\\x.txt", "x.txt"),
            ("C:\\Windows\\system.ini", "Windows/system.ini"),
            ("\\\\server\\share\\unc.txt", "unc.txt"),
            ("\\\\?\\C:\\device.txt", "device.txt"),
            ("a/./b//c.txt", "a/b/c.txt"),
            ("/abs.txt", "abs.txt"),
            ("ok.txt", "ok.txt"),
            (longAccepted, longAccepted),
            ("esc\u001b[31m.txt", "esc_[31m.txt"),
            ("nul\u0000.txt", "nul_.txt"),
            ("c1\u0085.txt", "c1_.txt"),
            ("del\u007f.txt", "del_.txt"),
            ("..", "__"),
            ("C:", "C_"),
        ];
        (string Name, ExpectedSkipReason Reason)[] skipped =
        [
            (longRejected, ExpectedSkipReason.KeyTooLong),
        ];

        yield return new CorpusCase(
            HostilePathsId,
            "CPython zipfile with raw name bytes",
            "Zip-slip and hostile names: traversal, absolute, drive, UNC, device, control characters and dot-only names (kept under replacement names), 1023/1024-byte keys; a ../ directory entry",
            (w, path, ct) => w.WritePythonZipAsync(
                path,
                [
                    .. hostile.Select(h => new PythonEntry(h.Name, Text("content of " + h.Name))),
                    .. skipped.Select(s => new PythonEntry(s.Name, Text("skipped"))),
                    new PythonEntry("../", []) { Deflate = false, ExternalAttributes = 0x41ED_0010 },
                ],
                ct),
            () => Expands(hostile.Select(h => (h.Path!, Text("content of " + h.Name))).ToArray()) with
            {
                Skips = [.. skipped.Select(s => new ExpectedSkip(s.Name, s.Reason))],
                Renames = hostile.Where(h => h.Name != h.Path).ToDictionary(h => h.Name, h => h.Path!),
            },
            listing => That(listing.Entries.All(e => !e.HasUtf8Flag), "raw names without bit 11"));

        yield return new CorpusCase(
            "python-duplicate-keys",
            "CPython zipfile with raw name bytes",
            "Entries that sanitize to the same key: the later one wins; keys stay case-sensitive",
            (w, path, ct) => w.WritePythonZipAsync(
                path,
                [
                    new PythonEntry("dup/a.txt", Text("first")),
                    new PythonEntry("dup\\a.txt", Text("second")),
                    new PythonEntry("./dup/a.txt", Text("third")),
                    new PythonEntry("DUP/A.txt", Text("fourth")),
                ],
                ct),
            () => Expands(("dup/a.txt", Text("third")), ("DUP/A.txt", Text("fourth"))) with
            {
                // "./dup/a.txt" is dup/a.txt read as a path: no rename note (decision 0046).
                Renames = new Dictionary<string, string> { ["dup\\a.txt"] = "dup/a.txt" },
            },
            listing => That(listing.Entries.Count == 4, "four entries"));

        var flattenTree = new Dictionary<string, byte[]>
        {
            ["flatten-me/a.txt"] = Text("a\n"),
            ["flatten-me/sub/b.txt"] = Text("b\n"),
        };

        yield return new CorpusCase(
            "flatten-me",
            "Info-ZIP zip 3.0 (writes the folder entries too)",
            "The only top-level item is a folder named like the zip: it is flattened",
            async (w, path, ct) => await ZipTreeAsync(w, w.CreateTree("flatten", flattenTree), path, ct),
            () => Expands(("a.txt", Text("a\n")), ("sub/b.txt", Text("b\n"))),
            listing => That(listing.Entries.Any(e => Encoding.ASCII.GetString(e.RawName) == "flatten-me/"), "a folder entry for the top folder"));

        var otherFolderTree = new Dictionary<string, byte[]>
        {
            ["data/a.txt"] = Text("a\n"),
            ["data/sub/b.txt"] = Text("b\n"),
        };

        yield return new CorpusCase(
            "keep-folder",
            "Info-ZIP zip 3.0",
            "A single top-level folder not named like the zip is kept",
            async (w, path, ct) => await ZipTreeAsync(w, w.CreateTree("keep", otherFolderTree), path, ct),
            () => Expands(otherFolderTree),
            listing => That(listing.Entries.Count == 4, "two folders, two files"));

        var twoTopsTree = new Dictionary<string, byte[]>
        {
            ["two-tops/a.txt"] = Text("a\n"),
            ["other.txt"] = Text("other\n"),
        };

        yield return new CorpusCase(
            "two-tops",
            "Info-ZIP zip 3.0",
            "A folder named like the zip beside another top-level item is not flattened",
            async (w, path, ct) => await ZipTreeAsync(w, w.CreateTree("twotops", twoTopsTree), path, ct),
            () => Expands(twoTopsTree),
            listing => That(listing.Entries.Count == 3, "one folder, two files"));
    }

    /// <summary>
    /// An entry name making the case's full key exactly this many UTF-8 bytes, with CJK (so bytes ≠
    /// characters) in segments of at most 241 bytes, since s3rver stores keys as file paths and a file
    /// system name holds at most 255 bytes.
    /// </summary>
    private static string NameForKeyLength(string caseId, string prefix, int keyBytes)
    {
        var segment = new string('字', 80) + "/";
        var builder = new StringBuilder(prefix).Append("长名字/");
        var remaining = keyBytes - Encoding.UTF8.GetByteCount($"unzip/{caseId}/") - Encoding.UTF8.GetByteCount(builder.ToString()) - ".txt".Length;
        while (remaining > Encoding.UTF8.GetByteCount(segment))
        {
            builder.Append(segment);
            remaining -= Encoding.UTF8.GetByteCount(segment);
        }

        builder.Append('字', remaining / 3).Append('x', remaining % 3).Append(".txt");
        return builder.ToString();
    }
}
