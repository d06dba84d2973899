using OssUnzip.Function.Archive.Planning;

namespace OssUnzip.Function.Tests.Archive.Planning;

public sealed class PlanRulesTests
{
    [TestCase("a.txt")]
    [TestCase("d/e/a.txt")]
    public void Excludes_NoGlobs_KeepsEverything(string path)
    {
        Assert.That(PlanRules.Default.Excludes(path), Is.False);
    }

    [TestCase("a.csv", false)]
    [TestCase("d/a.csv", true)]
    [TestCase("a.CSV", true)]
    [TestCase("a.txt", true)]
    public void Excludes_TopLevelInclude_StarStaysInOneSegmentAndCaseCounts(string path, bool excluded)
    {
        var sut = new PlanRules(null, ["*.csv"], []);

        Assert.That(sut.Excludes(path), Is.EqualTo(excluded));
    }

    [TestCase("a.txt", false)]
    [TestCase("d/e/a.txt", false)]
    [TestCase("tmp/a.txt", true)]
    [TestCase("d/tmp/a.txt", false)]
    public void Excludes_MatchAllIncludeAndFolderExclude_ExcludeWins(string path, bool excluded)
    {
        var sut = new PlanRules(null, ["**/*"], ["tmp/**"]);

        Assert.That(sut.Excludes(path), Is.EqualTo(excluded));
    }
}
