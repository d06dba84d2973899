using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;

namespace OssUnzip.Function.Tests.Archive.Planning;

/// <summary>The front-to-back planner's own rules for names that meet (tar, gzip, 7z).</summary>
public sealed class StreamEntryPlannerTests
{
    private const string Composed = "caf\u00e9.txt";
    private const string Decomposed = "cafe\u0301.txt";

    [TestCase(Composed, Decomposed)]
    [TestCase(Decomposed, Composed)]
    public void Plan_NameComposingOntoAnotherWrittenBefore_SecondKeptUnderAReplacementName(string first, string second)
    {
        var planner = CreateSut();
        Write(planner, first);

        var later = planner.Plan(second, isDirectory: false, size: 5, compressedRead: 100);

        Assert.That(later, Is.Not.Null);
        Assert.That((later!.Key, later.Replaces), Is.EqualTo(("unzip/x/caf\u00e9~2.txt", (Task?)null)));
        Assert.That(planner.Renamed.Single().Code, Is.EqualTo(EntryNoteCodes.ComposedNameTaken));
        Assert.That(planner.Skipped, Is.Empty, "nothing is lost");
    }

    [TestCase(Composed)]
    [TestCase(Decomposed)]
    public void Plan_SameNameTwice_LaterReplacesTheEarlier(string name)
    {
        var planner = CreateSut();
        Write(planner, name);

        var later = planner.Plan(name, isDirectory: false, size: 5, compressedRead: 100);

        Assert.That(later!.Key, Is.EqualTo("unzip/x/caf\u00e9.txt"));
        Assert.That(later.Replaces, Is.Not.Null);
        Assert.That(planner.Skipped.Single().Code, Is.EqualTo(EntryNoteCodes.ReplacedByLaterEntry));
    }

    [TestCase("a/b.txt", "a/./b.txt")]
    [TestCase("./a/b.txt", "a/b.txt")]
    public void Plan_SameKeyWithAndWithoutDotSegments_LaterReplacesTheEarlierWithoutARenameNote(string first, string second)
    {
        var planner = CreateSut();
        Write(planner, first);

        var later = planner.Plan(second, isDirectory: false, size: 5, compressedRead: 100);

        Assert.That(later!.Key, Is.EqualTo("unzip/x/a/b.txt"));
        Assert.That(later.Replaces, Is.Not.Null);
        Assert.That(planner.Skipped.Single().Code, Is.EqualTo(EntryNoteCodes.ReplacedByLaterEntry), "a silent '.' never hides the lost entry");
        Assert.That(planner.Renamed, Is.Empty);
    }

    [Test]
    public void Plan_FolderEntryHoldingBytes_ListedAsDirectoryWithData()
    {
        var planner = CreateSut();

        Assert.That(planner.Plan("docs/", isDirectory: true, size: 12, compressedRead: 100), Is.Null);
        Assert.That(planner.Plan("empty/", isDirectory: true, size: 0, compressedRead: 100), Is.Null);

        Assert.That(planner.Skipped.Select(n => (n.Entry, n.Code)), Is.EqualTo(new[] { ("docs/", EntryNoteCodes.DirectoryWithData) }));
        Assert.That(planner.Directories, Is.EqualTo(2));
    }

    [Test]
    public void Plan_MembersOfTarDashCDot_WrittenWithoutRenameNotes()
    {
        // tar -C dir -cf x.tar . (GNU tar and bsdtar alike); 7z written by bsdtar names its root "." (decision 0046).
        var planner = CreateSut();

        Assert.That(planner.Plan("./", isDirectory: true, size: 0, compressedRead: 512), Is.Null);
        Assert.That(planner.Plan(".", isDirectory: true, size: 0, compressedRead: 512), Is.Null);
        var a = planner.Plan("./a.txt", isDirectory: false, size: 5, compressedRead: 1024);
        Assert.That(planner.Plan("./sub/", isDirectory: true, size: 0, compressedRead: 2048), Is.Null);
        var b = planner.Plan("./sub/./b.txt", isDirectory: false, size: 5, compressedRead: 2560);

        Assert.That((a!.Key, b!.Key), Is.EqualTo(("unzip/x/a.txt", "unzip/x/sub/b.txt")));
        Assert.That(planner.Renamed, Is.Empty);
        Assert.That(planner.Skipped, Is.Empty);
    }

    [TestCase("./../a.txt", "unzip/x/a.txt", EntryNoteCodes.Normalized)]
    [TestCase("./a\\b.txt", "unzip/x/a/b.txt", EntryNoteCodes.Normalized)]
    [TestCase("./.ossunzip/manifest.json", "unzip/x/_ossunzip/manifest.json", EntryNoteCodes.ReservedName)]
    [TestCase("./.ossunzip-manifest.json", "unzip/x/_ossunzip-manifest.json", EntryNoteCodes.ReservedName)]
    public void Plan_CurrentFolderPrefixBesideARealRename_ListedWithItsCode(string name, string key, string code)
    {
        var planner = CreateSut();

        var entry = planner.Plan(name, isDirectory: false, size: 5, compressedRead: 512);

        Assert.That(entry!.Key, Is.EqualTo(key));
        Assert.That(planner.Renamed.Select(r => (r.Entry, r.Key, r.Code)), Is.EqualTo(new[] { (name, key, code) }));
    }

    private static StreamEntryPlanner CreateSut() => new(new ArchiveOptions(), "unzip/x/", PlanRules.Default);

    private static void Write(StreamEntryPlanner planner, string name)
    {
        var entry = planner.Plan(name, isDirectory: false, size: 5, compressedRead: 50)!;
        planner.Written(entry, 5, 0, Task.CompletedTask);
    }
}
