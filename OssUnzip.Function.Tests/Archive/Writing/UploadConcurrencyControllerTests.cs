using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Tests.Archive.Writing;

public sealed class UploadConcurrencyControllerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly int[] HalvingTo3 = [8, 4, 3, 3];

    private static UploadConcurrencyController CreateSut(int initial = 16, int minimum = 1, int maximum = 48) => new(initial, minimum, maximum);

    [Test]
    public void OnWindow_FirstWindow_ProbesUpByAQuarter()
    {
        var sut = CreateSut();

        var limit = sut.OnWindow(400, Second);

        Assert.That(limit, Is.EqualTo(20));
    }

    [Test]
    public void OnWindow_RateRoseAfterARaise_RaisesAgain()
    {
        var sut = CreateSut();
        sut.OnWindow(400, Second);

        var limit = sut.OnWindow(480, Second);

        Assert.That(limit, Is.EqualTo(25));
    }

    [Test]
    public void OnWindow_RateFlatAfterARaise_StepsBackAndHoldsBeforeProbingAgain()
    {
        var sut = CreateSut();
        sut.OnWindow(400, Second);

        var back = sut.OnWindow(410, Second);
        var held = Enumerable.Range(0, UploadConcurrencyController.HoldWindows).Select(_ => sut.OnWindow(1000, Second)).ToList();
        var probed = sut.OnWindow(400, Second);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(back, Is.EqualTo(16), "a raise that did not pay is undone");
            Assert.That(held, Is.All.EqualTo(16));
            Assert.That(probed, Is.EqualTo(20));
        }
    }

    [Test]
    public void OnWindow_RisingAtTheMaximum_StaysAtTheMaximum()
    {
        var sut = CreateSut(initial: 40, maximum: 48);

        var limits = Enumerable.Range(1, 5).Select(i => sut.OnWindow(100 * i, Second)).ToList();

        Assert.That(limits, Has.Count.EqualTo(5).And.All.EqualTo(48));
    }

    [Test]
    public void OnWindow_ZeroElapsed_KeepsTheLimit()
    {
        var sut = CreateSut();

        Assert.That(sut.OnWindow(10, TimeSpan.Zero), Is.EqualTo(16));
    }

    [Test]
    public void OnThrottled_Repeatedly_HalvesDownToTheMinimum()
    {
        var sut = CreateSut(initial: 16, minimum: 3);

        var limits = Enumerable.Range(0, 4).Select(_ => sut.OnThrottled()).ToList();

        Assert.That(limits, Is.EqualTo(HalvingTo3));
    }

    [Test]
    public void OnThrottled_DuringAProbe_HoldsInsteadOfJudgingTheProbe()
    {
        var sut = CreateSut();
        sut.OnWindow(400, Second);

        var throttled = sut.OnThrottled();
        var next = sut.OnWindow(10_000, Second);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(throttled, Is.EqualTo(10));
            Assert.That(next, Is.EqualTo(10), "held after a throttle, whatever the rate");
        }
    }

    [TestCase(0, 1, 4)]
    [TestCase(5, 1, 4)]
    [TestCase(2, 3, 4)]
    [TestCase(2, 2, 1)]
    public void Ctor_OutOfRange_Throws(int initial, int minimum, int maximum)
    {
        Assert.That(() => new UploadConcurrencyController(initial, minimum, maximum), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
