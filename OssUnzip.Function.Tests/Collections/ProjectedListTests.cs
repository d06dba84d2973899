using OssUnzip.Function.Collections;

namespace OssUnzip.Function.Tests.Collections;

[TestFixture]
public sealed class ProjectedListTests
{
    [Test]
    public void Indexer_ProjectsEachRead_WithoutStoringResults()
    {
        var calls = 0;
        var list = new ProjectedList<int, string>([1, 2, 3], i =>
        {
            calls++;
            return $"#{i}";
        });

        Assert.That(calls, Is.Zero, "nothing is projected up front");
        Assert.That(list[1], Is.EqualTo("#2"));
        Assert.That(list[1], Is.EqualTo("#2"));
        Assert.That(calls, Is.EqualTo(2), "every read projects again");
    }

    [Test]
    public void Enumeration_YieldsProjectionsInSourceOrder()
    {
        var list = new ProjectedList<int, int>([3, 1, 2], i => i * 10);

        Assert.That(list, Is.EqualTo((int[])[30, 10, 20]));
        Assert.That(list, Has.Count.EqualTo(3));
    }

    [Test]
    public void Indexer_OutOfRange_Throws()
    {
        var list = new ProjectedList<int, int>([1], i => i);

        Assert.That(() => list[1], Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => list[-1], Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Constructor_NullArguments_Throw()
    {
        Assert.That(() => new ProjectedList<int, int>(null!, i => i), Throws.ArgumentNullException);
        Assert.That(() => new ProjectedList<int, int>([], null!), Throws.ArgumentNullException);
    }
}
