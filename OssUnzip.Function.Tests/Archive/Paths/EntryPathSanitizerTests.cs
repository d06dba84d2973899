using System.Text;
using OssUnzip.Function.Archive.Paths;

namespace OssUnzip.Function.Tests.Archive.Paths;

internal sealed class EntryPathSanitizerTests
{
    private const string Folder = "unzip/x/";

    private static readonly PathRenames Backslash = PathRenames.BackslashSeparators;
    private static readonly PathRenames Dots = PathRenames.DotSegmentsRemoved;
    private static readonly PathRenames Empty = PathRenames.EmptySegmentsRemoved;
    private static readonly PathRenames Root = PathRenames.LeadingSlashRemoved;
    private static readonly PathRenames Drive = PathRenames.DriveLetterRemoved;
    private static readonly PathRenames Unc = PathRenames.UncPrefixRemoved;
    private static readonly PathRenames Control = PathRenames.ControlCharactersReplaced;
    private static readonly PathRenames Replaced = PathRenames.NameReplaced;
    private static readonly PathRenames Reserved = PathRenames.ReservedNameReplaced;

    private static IEnumerable<TestCaseData> AcceptedNames()
    {
        yield return Case("a.txt", "a.txt", PathRenames.None);
        yield return Case("docs/readme.txt", "docs/readme.txt", PathRenames.None);
        yield return Case("../../etc/passwd", "etc/passwd", Dots);
        yield return Case("..\\..\\x", "x", Backslash | Dots);
        yield return Case("a/../b.txt", "a/b.txt", Dots);
        yield return Case("a/..", "a", Dots);
        yield return Case("./a.txt", "a.txt", Dots);
        yield return Case("a/./b//c", "a/b/c", Dots | Empty);
        yield return Case("/abs", "abs", Root);
        yield return Case("///abs", "abs", Root);
        yield return Case("C:\\Windows\\x", "Windows/x", Backslash | Drive);
        yield return Case("C:/Windows/x", "Windows/x", Drive);
        yield return Case("c:relative.txt", "relative.txt", Drive);
        yield return Case("/C:/x", "x", Root | Drive);
        yield return Case("\\\\server\\share\\x", "x", Backslash | Unc);
        yield return Case("//server/share/dir/x", "dir/x", Unc);
        yield return Case("\\\\?\\C:\\x", "x", Backslash | Unc | Drive);
        yield return Case("\\\\.\\C:\\x", "x", Backslash | Unc | Drive);
        yield return Case("\\\\?\\UNC\\server\\share\\x", "x", Backslash | Unc);
        yield return Case("a:b/c.txt", "b/c.txt", Drive);
        yield return Case("dir/C:/x", "dir/C:/x", PathRenames.None);
        yield return Case("资料/子目录/文件.txt", "资料/子目录/文件.txt", PathRenames.None);
        yield return Case("😀.txt", "😀.txt", PathRenames.None);
        yield return Case(".hidden", ".hidden", PathRenames.None);
        yield return Case("a b/c d.txt", "a b/c d.txt", PathRenames.None);
        yield return Case("%2e%2e/x", "%2e%2e/x", PathRenames.None);
    }

    private static IEnumerable<TestCaseData> ReplacedNames()
    {
        yield return Case("nul\u0000.txt", "nul_.txt", Control);
        yield return Case("esc\u001b[31m.txt", "esc_[31m.txt", Control);
        yield return Case("tab\t.txt", "tab_.txt", Control);
        yield return Case("line\n.txt", "line_.txt", Control);
        yield return Case("del\u007f.txt", "del_.txt", Control);
        yield return Case("c1\u0085.txt", "c1_.txt", Control);
        yield return Case("c1\u009f.txt", "c1_.txt", Control);
        yield return Case("\t", "_", Control);
        yield return Case("../../\u0000", "_", Control | Dots);
        yield return Case("..", "__", Dots | Replaced);
        yield return Case(".", "_", Dots | Replaced);
        yield return Case("../..", "__", Dots | Replaced);
        yield return Case("./..", "__", Dots | Replaced);
        yield return Case("..\\..", "__", Backslash | Dots | Replaced);
        yield return Case("C:", "C_", Drive | Replaced);
        yield return Case("\\\\server\\share", "share", Backslash | Unc | Replaced);
        yield return Case("//server", "server", Unc | Replaced);
        yield return Case(".ossunzip", "_ossunzip", Reserved);
        yield return Case(".ossunzip/manifest.json", "_ossunzip/manifest.json", Reserved);
        yield return Case("b/.ossunzip/manifest.json", "b/_ossunzip/manifest.json", Reserved);
        yield return Case("a/b/c/.OssUnzip/x", "a/b/c/_OssUnzip/x", Reserved);
        yield return Case("a/.OSSUNZIP", "a/_OSSUNZIP", Reserved);
        yield return Case("../.ossunzip/x", "_ossunzip/x", Dots | Reserved);
    }

    private static IEnumerable<TestCaseData> KeptAsGivenNames()
    {
        yield return Case("...", "...", PathRenames.None);
        yield return Case("....", "....", PathRenames.None);
        yield return Case(". .", ". .", PathRenames.None);
        yield return Case(".. ", ".. ", PathRenames.None);
        yield return Case(" ..", " ..", PathRenames.None);
        yield return Case("a/.../b", "a/.../b", PathRenames.None);
        yield return Case(".ossunzip-manifest.json", ".ossunzip-manifest.json", PathRenames.None);
        yield return Case(".ossunzipx/a", ".ossunzipx/a", PathRenames.None);
        yield return Case("x.ossunzip", "x.ossunzip", PathRenames.None);
    }

    private static IEnumerable<TestCaseData> SkippedNames()
    {
        yield return Skip("", PathSkipReason.EmptyAfterSanitizing);
        yield return Skip("./././", PathSkipReason.EmptyAfterSanitizing);
        yield return Skip("/", PathSkipReason.EmptyAfterSanitizing);
        yield return Skip("C:\\", PathSkipReason.EmptyAfterSanitizing);
        yield return Skip("lone\ud800surrogate", PathSkipReason.InvalidUnicode);
    }

    [TestCaseSource(nameof(ReplacedNames))]
    [TestCaseSource(nameof(KeptAsGivenNames))]
    public void Sanitize_NameThatCannotBeAKeyAsGiven_IsKeptUnderReplacementName(string name, string expectedRelative, PathRenames expectedRenames)
    {
        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSkipped, Is.False);
            Assert.That(result.RelativePath, Is.EqualTo(expectedRelative));
            Assert.That(result.Key, Is.EqualTo(Folder + expectedRelative));
            Assert.That(result.Renames, Is.EqualTo(expectedRenames));
        });
    }

    [Test]
    public void Sanitize_RandomNamesOfDotsSpacesSlashesAndControls_NeverYieldADotSegmentOrReservedSegment()
    {
        var random = new Random(20);
        char[] alphabet = ['.', '.', '.', ' ', '/', '\\', '\t', '\u0000', '\u007f', 'a', ':'];
        for (var i = 0; i < 20_000; i++)
        {
            var name = new string([.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            var result = EntryPathSanitizer.Sanitize(name, Folder);

            if (result.IsSkipped)
            {
                Assert.That(result.IsDirectory || name.Trim('/', '\\').Length == 0, Is.True, $"only empty names are skipped: '{Display(name)}'");
                continue;
            }

            Assert.That(result.RelativePath!.Split('/'), Has.None.EqualTo(".").And.None.EqualTo("..").And.None.Empty.And.None.Matches<string>(s => s.Any(char.IsControl)), Display(name));
        }
    }

    [TestCaseSource(nameof(AcceptedNames))]
    public void Sanitize_AcceptedName_ReturnsKeyBelowFolder(string name, string expectedRelative, PathRenames expectedRenames)
    {
        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSkipped, Is.False);
            Assert.That(result.RelativePath, Is.EqualTo(expectedRelative));
            Assert.That(result.Key, Is.EqualTo(Folder + expectedRelative));
            Assert.That(result.Renames, Is.EqualTo(expectedRenames));
            Assert.That(result.IsRenamed, Is.EqualTo(expectedRenames != PathRenames.None));
        });
    }

    [TestCaseSource(nameof(SkippedNames))]
    public void Sanitize_UnsafeName_IsSkippedWithReason(string name, PathSkipReason expected)
    {
        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.SkipReason, Is.EqualTo(expected));
            Assert.That(result.IsSkipped, Is.True);
            Assert.That(result.Key, Is.Null);
            Assert.That(result.RelativePath, Is.Null);
        });
    }

    [TestCase("dir/", "dir", PathRenames.None)]
    [TestCase("dir\\", "dir", PathRenames.BackslashSeparators)]
    [TestCase("a/b/", "a/b", PathRenames.None)]
    [TestCase("./dir/", "dir", PathRenames.DotSegmentsRemoved)]
    [TestCase("a//", "a", PathRenames.EmptySegmentsRemoved)]
    public void Sanitize_DirectoryName_IsDirectoryWithoutTrailingSlash(string name, string expectedRelative, PathRenames expectedRenames)
    {
        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsDirectory, Is.True);
            Assert.That(result.RelativePath, Is.EqualTo(expectedRelative));
            Assert.That(result.Renames, Is.EqualTo(expectedRenames));
        });
    }

    [TestCase("../")]
    [TestCase("/")]
    public void Sanitize_DirectoryNameWithNothingLeft_IsSkippedDirectory(string name)
    {
        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsDirectory, Is.True);
            Assert.That(result.SkipReason, Is.EqualTo(PathSkipReason.EmptyAfterSanitizing));
        });
    }

    [Test]
    public void Sanitize_FileName_IsNotDirectory()
    {
        Assert.That(EntryPathSanitizer.Sanitize("a/b.txt", Folder).IsDirectory, Is.False);
    }

    [Test]
    public void Sanitize_KeyOfExactly1023Bytes_IsAccepted()
    {
        var name = NameForKeyBytes(1023);

        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSkipped, Is.False);
            Assert.That(Encoding.UTF8.GetByteCount(result.Key!), Is.EqualTo(1023));
        });
    }

    [Test]
    public void Sanitize_KeyOf1024Bytes_IsSkippedAsTooLong()
    {
        var result = EntryPathSanitizer.Sanitize(NameForKeyBytes(1024), Folder);

        Assert.That(result.SkipReason, Is.EqualTo(PathSkipReason.KeyTooLong));
    }

    [Test]
    public void Sanitize_LongNameThatShrinksWhenSanitized_IsMeasuredAfterSanitizing()
    {
        var name = string.Concat(Enumerable.Repeat("../", 400)) + "a.txt";

        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.That(result.Key, Is.EqualTo(Folder + "a.txt"));
    }

    [Test]
    public void Sanitize_CjkKeyLength_CountsUtf8BytesNotCharacters()
    {
        // 340 CJK characters are 1020 UTF-8 bytes: with the folder prefix, well past 1023 bytes.
        var name = new string('字', 340);

        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.That(result.SkipReason, Is.EqualTo(PathSkipReason.KeyTooLong));
    }

    [Test]
    public void Sanitize_EveryAcceptedKey_StaysBelowFolder()
    {
        string[] hostile = ["../../../x", "..\\..\\x", "/x", "C:\\x", "\\\\s\\sh\\x", "a/../../../x", "./../x", "x/../..", "....//x"];

        foreach (var name in hostile)
        {
            var key = EntryPathSanitizer.Sanitize(name, Folder).Key;

            Assert.That(key, Does.StartWith(Folder).And.Not.Contain("/../").And.Not.Contain("//").And.Not.EndsWith("/.."), name);
        }
    }

    [TestCase("./a.txt", "a.txt")]
    [TestCase("././a.txt", "a.txt")]
    [TestCase("./sub/b.txt", "sub/b.txt")]
    [TestCase("a/./b.txt", "a/b.txt")]
    [TestCase("./sub/./b.txt", "sub/b.txt")]
    [TestCase("./dir/", "dir")]
    [TestCase("a/./", "a")]
    public void Sanitize_OnlyCurrentFolderSegmentsDropped_RenameIsSilent(string name, string expectedRelative)
    {
        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.RelativePath, Is.EqualTo(expectedRelative));
            Assert.That(result.Renames, Is.EqualTo(Dots), "the sanitizer still records what it did");
            Assert.That(result.SilentRenames, Is.EqualTo(Dots));
            Assert.That(result.IsListed(result.Renames), Is.False);
        });
    }

    [TestCase("./../a.txt", "a.txt", PathRenames.DotSegmentsRemoved)]
    [TestCase("a/../b.txt", "a/b.txt", PathRenames.DotSegmentsRemoved)]
    [TestCase("../a.txt", "a.txt", PathRenames.DotSegmentsRemoved)]
    [TestCase("a/.", "a", PathRenames.DotSegmentsRemoved)]
    [TestCase(".", "_", PathRenames.DotSegmentsRemoved | PathRenames.NameReplaced)]
    [TestCase("./a//b.txt", "a/b.txt", PathRenames.EmptySegmentsRemoved)]
    [TestCase(".\\a.txt", "a.txt", PathRenames.BackslashSeparators)]
    [TestCase("/./a.txt", "a.txt", PathRenames.LeadingSlashRemoved)]
    [TestCase("./.ossunzip/x", "_ossunzip/x", PathRenames.ReservedNameReplaced)]
    [TestCase("./tab\t.txt", "tab_.txt", PathRenames.ControlCharactersReplaced)]
    public void Sanitize_CurrentFolderSegmentBesideARealRename_RenameIsListed(string name, string expectedRelative, PathRenames listed)
    {
        var result = EntryPathSanitizer.Sanitize(name, Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.RelativePath, Is.EqualTo(expectedRelative));
            Assert.That(result.IsListed(result.Renames), Is.True);
            Assert.That(result.Renames & ~result.SilentRenames & listed, Is.EqualTo(listed), "the rename that is listed");
        });
    }

    [TestCase("unzip/x")]
    [TestCase("")]
    public void Sanitize_FolderKeyWithoutTrailingSlash_Throws(string folder)
    {
        Assert.That(() => EntryPathSanitizer.Sanitize("a.txt", folder), Throws.InstanceOf<ArgumentException>());
    }

    private static string NameForKeyBytes(int keyBytes)
    {
        var remaining = keyBytes - Encoding.UTF8.GetByteCount(Folder) - "dir/".Length;
        return "dir/" + new string('字', remaining / 3) + new string('x', remaining % 3);
    }

    private static TestCaseData Case(string name, string relative, PathRenames renames) =>
        new TestCaseData(name, relative, renames).SetArgDisplayNames(Display(name));

    private static TestCaseData Skip(string name, PathSkipReason reason) =>
        new TestCaseData(name, reason).SetArgDisplayNames(Display(name));

    private static string Display(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
