using Microsoft.Extensions.Time.Testing;
using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Tests.Archive.Writing;

public sealed class UploadSlotsTests
{
    private static async Task<int> TakeAllFreeAsync(UploadSlots slots)
    {
        var taken = 0;
        while (slots.WaitAsync(CancellationToken.None).IsCompletedSuccessfully)
        {
            taken++;
        }

        // The last WaitAsync is still pending; it is left waiting.
        await Task.CompletedTask;
        return taken;
    }

    [Test]
    public async Task Release_WithoutAController_KeepsTheFixedLimit()
    {
        using var sut = new UploadSlots(4, null, new FakeTimeProvider());
        for (var i = 0; i < 4; i++)
        {
            await sut.WaitAsync(CancellationToken.None);
        }

        for (var i = 0; i < 100; i++)
        {
            sut.Release(completed: true);
            await sut.WaitAsync(CancellationToken.None);
        }

        var blocked = sut.WaitAsync(CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sut.Limit, Is.EqualTo(4));
            Assert.That(blocked.IsCompleted, Is.False);
        }
    }

    [Test]
    public async Task Release_AWindowOfCompletions_RaisesTheLimitAndFreesTheNewPermits()
    {
        var time = new FakeTimeProvider();
        var controller = new UploadConcurrencyController(4, 1, 16);
        using var sut = new UploadSlots(4, controller, time);
        for (var i = 0; i < 4; i++)
        {
            await sut.WaitAsync(CancellationToken.None);
        }

        for (var i = 0; i < controller.WindowCompletions; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            sut.Release(completed: true);
            await sut.WaitAsync(CancellationToken.None);
        }

        var free = await TakeAllFreeAsync(sut);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sut.Limit, Is.EqualTo(5));
            Assert.That(free, Is.EqualTo(1), "the one new permit, beside the four in flight");
        }
    }

    [Test]
    public async Task OnThrottled_AllPermitsInFlight_WithholdsThemAsTheyComeBack()
    {
        var controller = new UploadConcurrencyController(8, 1, 16);
        using var sut = new UploadSlots(8, controller, new FakeTimeProvider());
        for (var i = 0; i < 8; i++)
        {
            await sut.WaitAsync(CancellationToken.None);
        }

        sut.OnThrottled();
        var waiter = sut.WaitAsync(CancellationToken.None);
        for (var i = 0; i < 4; i++)
        {
            sut.Release(completed: false);
        }

        var stillWaiting = !waiter.IsCompleted;
        sut.Release(completed: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sut.Limit, Is.EqualTo(4));
            Assert.That(stillWaiting, Is.True, "four permits came back and were withheld");
            Assert.That(async () => await waiter, Throws.Nothing, "the fifth goes to the waiter: four in flight again");
        }
    }

    [Test]
    public async Task OnThrottled_FreePermits_TakesThemAtOnce()
    {
        var controller = new UploadConcurrencyController(8, 1, 16);
        using var sut = new UploadSlots(8, controller, new FakeTimeProvider());

        sut.OnThrottled();
        var free = await TakeAllFreeAsync(sut);

        Assert.That(free, Is.EqualTo(4));
    }
}
