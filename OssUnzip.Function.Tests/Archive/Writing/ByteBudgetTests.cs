using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Tests.Archive.Writing;

public sealed class ByteBudgetTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static ByteBudget CreateSut(long capacity = 10) => new(capacity);

    [Test]
    public void AcquireAsync_WithinAvailable_CompletesImmediately()
    {
        var sut = CreateSut();

        var acquired = sut.AcquireAsync(4, CancellationToken.None).AsTask();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(acquired.IsCompletedSuccessfully, Is.True);
            Assert.That(sut.Available, Is.EqualTo(6));
            Assert.That(sut.Capacity, Is.EqualTo(10));
        }
    }

    [Test]
    public void AcquireAsync_ExactlyTheCapacity_CompletesImmediately()
    {
        var sut = CreateSut();

        var acquired = sut.AcquireAsync(10, CancellationToken.None).AsTask();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(acquired.IsCompletedSuccessfully, Is.True);
            Assert.That(sut.Available, Is.Zero);
        }
    }

    [Test]
    public void AcquireAsync_ZeroBytes_CompletesImmediately()
    {
        var sut = CreateSut();

        var acquired = sut.AcquireAsync(0, CancellationToken.None).AsTask();

        Assert.That(acquired.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task AcquireAsync_NotEnoughAvailable_WaitsUntilReleased()
    {
        var sut = CreateSut();
        await sut.AcquireAsync(8, CancellationToken.None);

        var waiting = sut.AcquireAsync(5, CancellationToken.None).AsTask();
        var beforeRelease = waiting.IsCompleted;
        sut.Release(8);
        await waiting.WaitAsync(Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeRelease, Is.False);
            Assert.That(sut.Available, Is.EqualTo(5));
        }
    }

    [Test]
    public async Task AcquireAsync_SmallRequestBehindALargeWaiter_WaitsItsTurn()
    {
        var sut = CreateSut();
        await sut.AcquireAsync(10, CancellationToken.None);
        var large = sut.AcquireAsync(6, CancellationToken.None).AsTask();
        var small = sut.AcquireAsync(2, CancellationToken.None).AsTask();

        sut.Release(2);
        var afterFirstRelease = (Large: large.IsCompleted, Small: small.IsCompleted, sut.Available);
        sut.Release(4);
        await large.WaitAsync(Guard);
        var afterSecondRelease = (Small: small.IsCompleted, sut.Available);
        sut.Release(2);
        await small.WaitAsync(Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterFirstRelease, Is.EqualTo((false, false, 2L)), "2 bytes free, but the 6-byte waiter is first");
            Assert.That(afterSecondRelease, Is.EqualTo((false, 0L)), "the 6-byte waiter took all six");
            Assert.That(sut.Available, Is.Zero);
        }
    }

    [Test]
    public async Task AcquireAsync_NewRequestWhileOthersWait_QueuesBehindThem()
    {
        var sut = CreateSut();
        await sut.AcquireAsync(9, CancellationToken.None);
        var large = sut.AcquireAsync(5, CancellationToken.None).AsTask();

        var late = sut.AcquireAsync(1, CancellationToken.None).AsTask();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(late.IsCompleted, Is.False, "1 byte is free, but a waiter came first");
            Assert.That(sut.Available, Is.EqualTo(1));
        }

        sut.Release(9);
        await Task.WhenAll(large, late).WaitAsync(Guard);
        Assert.That(sut.Available, Is.EqualTo(4));
    }

    [Test]
    public async Task Release_EnoughForSeveralWaiters_GrantsThemInOrder()
    {
        var sut = CreateSut();
        await sut.AcquireAsync(10, CancellationToken.None);
        var waiters = Enumerable.Range(0, 3).Select(_ => sut.AcquireAsync(3, CancellationToken.None).AsTask()).ToList();

        sut.Release(10);
        await Task.WhenAll(waiters).WaitAsync(Guard);

        Assert.That(sut.Available, Is.EqualTo(1));
    }

    [Test]
    public async Task AcquireAsync_CanceledWhileWaiting_ThrowsAndLetsTheNextWaiterThrough()
    {
        var sut = CreateSut();
        await sut.AcquireAsync(10, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var canceled = sut.AcquireAsync(8, cancellation.Token).AsTask();
        var next = sut.AcquireAsync(2, CancellationToken.None).AsTask();
        sut.Release(2);

        await cancellation.CancelAsync();

        Assert.That(async () => await canceled.WaitAsync(Guard), Throws.InstanceOf<OperationCanceledException>());
        await next.WaitAsync(Guard);
        Assert.That(sut.Available, Is.Zero, "the canceled waiter took nothing; the 2-byte waiter was granted");
        sut.Release(10);
        Assert.That(sut.Available, Is.EqualTo(10));
    }

    [Test]
    public async Task AcquireAsync_AlreadyCanceledAndMustWait_ThrowsAndLeavesNoWaiter()
    {
        var sut = CreateSut();
        await sut.AcquireAsync(10, CancellationToken.None);

        Assert.That(async () => await sut.AcquireAsync(5, new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        sut.Release(10);
        var after = sut.AcquireAsync(10, CancellationToken.None).AsTask();

        Assert.That(after.IsCompletedSuccessfully, Is.True, "no abandoned waiter holds the queue");
    }

    [Test]
    public void Release_MoreThanAcquired_Throws()
    {
        var sut = CreateSut();

        Assert.That(() => sut.Release(1), Throws.InvalidOperationException);
    }

    [Test]
    public void Release_MoreThanAcquired_LeavesAvailableWithinCapacity()
    {
        var sut = CreateSut();

        Assert.That(() => sut.Release(5), Throws.InvalidOperationException);

        Assert.That(sut.Available, Is.EqualTo(10), "the invariant 0 <= available <= capacity holds after the refused release");
    }

    [Test]
    public void AcquireAsync_MoreThanCapacity_Throws()
    {
        var sut = CreateSut();

        Assert.That(async () => await sut.AcquireAsync(11, CancellationToken.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(sut.Available, Is.EqualTo(10));
    }

    [Test]
    public void AcquireAsync_NegativeBytes_Throws()
    {
        var sut = CreateSut();

        Assert.That(async () => await sut.AcquireAsync(-1, CancellationToken.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Constructor_CapacityBelowOne_Throws(long capacity)
    {
        Assert.That(() => new ByteBudget(capacity), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
