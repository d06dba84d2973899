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

    [Test]
    public void Plan_FolderEntryHoldingBytes_ListedAsDirectoryWithData()
    {
        var planner = CreateSut();

        Assert.That(planner.Plan("docs/", isDirectory: true, size: 12, compressedRead: 100), Is.Null);
        Assert.That(planner.Plan("empty/", isDirectory: true, size: 0, compressedRead: 100), Is.Null);

        Assert.That(planner.Skipped.Select(n => (n.Entry, n.Code)), Is.EqualTo(new[] { ("docs/", EntryNoteCodes.DirectoryWithData) }));
        Assert.That(planner.Directories, Is.EqualTo(2));
    }

    private static StreamEntryPlanner CreateSut() => new(new ArchiveOptions(), "unzip/x/", PlanRules.Default);

    private static void Write(StreamEntryPlanner planner, string name)
    {
        var entry = planner.Plan(name, isDirectory: false, size: 5, compressedRead: 50)!;
        planner.Written(entry, 5, 0, Task.CompletedTask);
    }
}
