using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion.Jobs;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Tests.Archive;

/// <summary>The skip-existing rule's "ours" decision (decision 0039).</summary>
internal sealed class TargetOwnershipTests
{
    private static readonly ArchiveSource Source = new("in", "zip/a.zip", new ObjectVersion(100, "\"etag-1\""));

    [Test]
    public void IsPreexisting_NoObject_False() =>
        Assert.That(TargetOwnership.IsPreexisting(null, Source), Is.False);

    [Test]
    public void IsPreexisting_ObjectWithoutSourceId_True() =>
        Assert.That(TargetOwnership.IsPreexisting(new ObjectVersion(3, "\"x\""), Source), Is.True);

    [Test]
    public void IsPreexisting_ObjectWrittenFromThisSourceVersion_False() =>
        Assert.That(TargetOwnership.IsPreexisting(new ObjectVersion(3, "\"x\"") { SourceId = Source.Id }, Source), Is.False);

    [Test]
    public void IsPreexisting_ObjectWrittenFromAnotherVersionOfTheSameKey_True()
    {
        var older = Source with { Version = new ObjectVersion(90, "\"etag-0\"") };

        Assert.That(TargetOwnership.IsPreexisting(new ObjectVersion(3, "\"x\"") { SourceId = older.Id }, Source), Is.True);
    }

    [Test]
    public void IsPreexisting_ObjectWrittenFromAnotherArchive_True()
    {
        var other = Source with { Key = "zip/b.zip" };

        Assert.That(TargetOwnership.IsPreexisting(new ObjectVersion(3, "\"x\"") { SourceId = other.Id }, Source), Is.True);
    }

    [Test]
    public void Id_AnySource_IsItsJobId() =>
        Assert.That(Source.Id, Is.EqualTo(JobRecord.IdFor("in", "zip/a.zip", "\"etag-1\"")).And.Match("^j[0-9a-f]{24}$"));
}
