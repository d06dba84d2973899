using OssUnzip.Function.Routing;

namespace OssUnzip.Function.Tests.Routing;

[TestFixture]
public class ArchiveSuffixesTests
{
    [TestCase("a/x.zip", "a/x", ".zip")]
    [TestCase("x.ZIP", "x", ".ZIP")]
    [TestCase("x.Zip", "x", ".Zip")]
    [TestCase("a.zip.zip", "a.zip", ".zip")]
    [TestCase("a/x.tar.gz", "a/x", ".tar.gz")]
    [TestCase("X.TAR.GZ", "X", ".TAR.GZ")]
    [TestCase("x.txt.gz", "x.txt", ".gz")]
    [TestCase("x.Tar.Bz2", "x", ".Tar.Bz2")]
    [TestCase("x.tbz2", "x", ".tbz2")]
    [TestCase("x.tar.xz", "x", ".tar.xz")]
    [TestCase("x.TXZ", "x", ".TXZ")]
    [TestCase("x.tar.zst", "x", ".tar.zst")]
    [TestCase("x.tzst", "x", ".tzst")]
    [TestCase("x.tar", "x", ".tar")]
    [TestCase("x.tgz", "x", ".tgz")]
    [TestCase("x.7Z", "x", ".7Z")]
    [TestCase("x.rar", "x", ".rar")]
    public void TrySplit_ArchiveKey_ReturnsStemAndSuffixAsWritten(string key, string expectedStem, string expectedSuffix)
    {
        var matched = ArchiveSuffixes.TrySplit(key, out var stem, out var suffix);

        Assert.Multiple(() =>
        {
            Assert.That(matched, Is.True);
            Assert.That(stem, Is.EqualTo(expectedStem));
            Assert.That(suffix, Is.EqualTo(expectedSuffix));
        });
    }

    [TestCase(".zip")]
    [TestCase("x.zipx")]
    [TestCase("x.txt")]
    [TestCase("")]
    public void TrySplit_NotAnArchiveKey_ReturnsFalseAndKeepsKey(string key)
    {
        var matched = ArchiveSuffixes.TrySplit(key, out var stem, out var suffix);

        Assert.Multiple(() =>
        {
            Assert.That(matched, Is.False);
            Assert.That(stem, Is.EqualTo(key));
            Assert.That(suffix, Is.Empty);
        });
    }

    [Test]
    public void All_LowerCaseAndLongestFirst()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ArchiveSuffixes.All, Is.All.Matches<string>(s => s.StartsWith('.') && !s.Any(char.IsUpper)));
            Assert.That(ArchiveSuffixes.All.Select(s => s.Length), Is.Ordered.Descending);
        });
    }
}
