using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Tests.Archive.Writing;

public sealed class CompletedPrefixTests
{
    [Test]
    public void Complete_OutOfOrder_PrefixGrowsOnlyWhenEveryEarlierObjectIsWritten()
    {
        var sut = new CompletedPrefix();
        var first = sut.Start(10);
        var second = sut.Start(20);
        var third = sut.Start(40);

        sut.Complete(third);
        var afterThird = sut.Snapshot();
        sut.Complete(first);
        var afterFirst = sut.Snapshot();
        sut.Complete(second);
        var afterSecond = sut.Snapshot();

        Assert.That((first, second, third), Is.EqualTo((0, 1, 2)));
        Assert.That(afterThird, Is.EqualTo((0, 0L)), "object 0 still in flight");
        Assert.That(afterFirst, Is.EqualTo((1, 10L)));
        Assert.That(afterSecond, Is.EqualTo((3, 70L)), "object 2, already written, joins with 1");
    }

    [Test]
    public void Start_ResumedPrefix_NumbersContinueAfterItAndBytesAddUp()
    {
        var sut = new CompletedPrefix(5, 500);

        var next = sut.Start(7);
        var before = sut.Snapshot();
        sut.Complete(next);

        Assert.That(next, Is.EqualTo(5));
        Assert.That(before, Is.EqualTo((5, 500L)));
        Assert.That(sut.Snapshot(), Is.EqualTo((6, 507L)));
    }

    [Test]
    public void Complete_ObjectNotInFlight_Throws()
    {
        var sut = new CompletedPrefix();
        var only = sut.Start(1);
        sut.Complete(only);

        Assert.That(() => sut.Complete(only), Throws.InvalidOperationException, "twice");
        Assert.That(() => sut.Complete(7), Throws.InvalidOperationException, "never started");
    }

    [Test]
    public void Complete_ManyInReverseOrder_PrefixIsAllOfThem()
    {
        var sut = new CompletedPrefix();
        var indices = Enumerable.Range(0, 100).Select(i => sut.Start(i)).ToList();

        for (var i = indices.Count - 1; i > 0; i--)
        {
            sut.Complete(indices[i]);
        }

        var beforeLast = sut.Count;
        sut.Complete(indices[0]);

        Assert.That(beforeLast, Is.Zero);
        Assert.That(sut.Snapshot(), Is.EqualTo((100, Enumerable.Range(0, 100).Sum(i => (long)i))));
    }
}
