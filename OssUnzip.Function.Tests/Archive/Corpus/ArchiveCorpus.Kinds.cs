namespace OssUnzip.Function.Tests.Archive.Corpus;

internal static partial class ArchiveCorpus
{
    private const uint UnixSymlinkMode = 0xA000;

    private static IEnumerable<CorpusCase> KindCases()
    {
        yield return new CorpusCase(
            "infozip-symlinks",
            "Info-ZIP zip 3.0 -y (relied on: stores links as Unix S_IFLNK entries holding the target)",
            "Symbolic links, one pointing outside, are skipped and reported; folders write nothing",
            async (w, path, ct) => await ZipTreeAsync(w, CreateLinkTree(w, "links-zip"), path, ct, "-y"),
            ExpectedLinkTree,
            listing => That(listing.Entries.Count(IsUnixSymlink) == 2, "two Unix symlink entries"));

        yield return new CorpusCase(
            "bsdtar-symlinks",
            "bsdtar (libarchive-tools) (relied on: stores links as Unix S_IFLNK entries)",
            "Symbolic links from a second writer",
            async (w, path, ct) => await w.RunAsync(
                "bsdtar",
                CreateLinkTree(w, "links-bsdtar"),
                ["--format", "zip", "-cf", path, "a.txt", "sub", "link", "escape", "empty"],
                cancellationToken: ct),
            ExpectedLinkTree,
            listing => That(listing.Entries.Count(IsUnixSymlink) == 2, "two Unix symlink entries"));

        yield return new CorpusCase(
            "csharp-entry-kinds",
            "System.IO.Compression ZipArchive on Linux (relied on: version made by = Unix, external attributes as set)",
            "A symlink entry, a Unix-mode folder and an MS-DOS-attribute folder without trailing slashes, a plain folder",
            (w, path, ct) => WriteWithZipArchiveAsync(
                path,
                [
                    ("file.txt", Text("file\n"), null),
                    ("link", Text("file.txt"), unchecked((int)0xA1FF_0000)),
                    ("unixdir", [], 0x41ED_0000),
                    ("dosdir", [], 0x10),
                    ("plain/", [], null),
                ],
                ct),
            () => Expands(("file.txt", Text("file\n"))) with { Skips = [new ExpectedSkip("link", ExpectedSkipReason.Symlink)] },
            listing =>
            {
                That(listing.Entries.All(e => e.VersionMadeBy >> 8 == 3), "host system Unix");
                That(listing.Entries.Count(IsUnixSymlink) == 1, "one symlink entry");
            });
    }

    private static string CreateLinkTree(CorpusWorkspace workspace, string name)
    {
        var tree = workspace.CreateTree(name, new Dictionary<string, byte[]>
        {
            ["a.txt"] = Text("a\n"),
            ["sub/b.txt"] = Text("b\n"),
        });
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "a.txt");
        File.CreateSymbolicLink(Path.Combine(tree, "escape"), "../../../etc/passwd");
        Directory.CreateDirectory(Path.Combine(tree, "empty"));
        return tree;
    }

    private static ExpectedOutcome ExpectedLinkTree() =>
        Expands(("a.txt", Text("a\n")), ("sub/b.txt", Text("b\n"))) with
        {
            Skips = [new ExpectedSkip("link", ExpectedSkipReason.Symlink), new ExpectedSkip("escape", ExpectedSkipReason.Symlink)],
        };

    private static bool IsUnixSymlink(ZipListingEntry entry) =>
        entry.VersionMadeBy >> 8 == 3 && ((entry.ExternalAttributes >> 16) & 0xF000) == UnixSymlinkMode;
}
