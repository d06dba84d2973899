using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Tests.Expansion;

public sealed class RecordKeysTests
{
    [TestCase("unzip/f582/.ossunzip/")]
    [TestCase("unzip/.ossunzip/")]
    [TestCase("unzip/a/.ossunzip/b/")]
    [TestCase("unzip/.ossunzip/deep/x/")]
    public void HasReservedSegment_OutputFolderWithTheRecordsFolderName_True(string outputFolder)
    {
        Assert.That(RecordKeys.HasReservedSegment(outputFolder), Is.True);
    }

    [TestCase("unzip/a/.ossunzip-old/")]
    [TestCase("unzip/a/x.ossunzip/")]
    [TestCase("unzip/a/.OSSUNZIP/")]
    [TestCase("unzip/.ossunzip2/x/")]
    [TestCase("unzip/a/%2Eossunzip/")]
    public void HasReservedSegment_SimilarButOtherNames_False(string outputFolder)
    {
        Assert.That(RecordKeys.HasReservedSegment(outputFolder), Is.False);
    }

    [Test]
    public void RecordKeys_ForAnOutputFolder_LiveInItsRecordsFolder()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RecordKeys.ManifestKeyFor("unzip/a/b/"), Is.EqualTo("unzip/a/b/.ossunzip/manifest.json"));
            Assert.That(RecordKeys.RejectionKeyFor("unzip/a/b/"), Is.EqualTo("unzip/a/b/.ossunzip/rejection.json"));
        }
    }
}
