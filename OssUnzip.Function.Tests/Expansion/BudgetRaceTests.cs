using Microsoft.Extensions.Time.Testing;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Tests.Expansion;

/// <summary>
/// The race of decisions 0036 and 0042, driven by hand: the work is a TaskCompletionSource and the limit is
/// a FakeTimeProvider's, so which side wins is decided by the test, never by the machine's speed.
/// </summary>
public sealed class BudgetRaceTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    private FakeTimeProvider _clock = null!;
    private TaskCompletionSource<string> _work = null!;
    private TaskCompletionSource<CancellationToken> _started = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider();
        _work = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Test]
    public async Task RunAsync_WorkFinishesBeforeLimit_ReturnsItsResult()
    {
        var race = RunAsync(Limit, CancellationToken.None);
        var workToken = await _started.Task;

        _work.SetResult("plan");
        var result = await race;

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo("plan"));
            Assert.That(workToken.IsCancellationRequested, Is.False);
        });
    }

    [Test]
    public async Task RunAsync_LimitPassesFirst_CancelsWorkAndReturnsDefault()
    {
        var race = RunAsync(Limit, CancellationToken.None);
        var workToken = await _started.Task;

        _clock.Advance(Limit);
        // The work finishing after the cut does not change the answer: the race was decided at the limit.
        _work.SetResult("late");
        var result = await race;

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.Null);
            Assert.That(workToken.IsCancellationRequested, Is.True);
        });
    }

    [Test]
    public async Task RunAsync_LimitAlreadyPassed_ReturnsDefaultWithoutWaitingForWork()
    {
        var race = RunAsync(TimeSpan.FromSeconds(-1), CancellationToken.None);

        // The race was decided before RunAsync returned: a result now comes too late.
        _work.TrySetResult("late");
        var result = await race;

        Assert.That(result, Is.Null);
    }

    [Test]
    public async Task RunAsync_WorkThrowsBeforeLimit_Throws()
    {
        var race = RunAsync(Limit, CancellationToken.None);
        await _started.Task;

        _work.SetException(new InvalidDataException("corrupt directory"));

        var thrown = Assert.ThrowsAsync<InvalidDataException>(async () => await race);
        Assert.That(thrown!.Message, Is.EqualTo("corrupt directory"));
    }

    [Test]
    public async Task RunAsync_WorkThrowsAfterLimit_ReturnsDefault()
    {
        var race = RunAsync(Limit, CancellationToken.None);
        await _started.Task;

        _clock.Advance(Limit);
        _work.SetException(new InvalidDataException("cut mid-read"));
        var result = await race;

        Assert.That(result, Is.Null);
    }

    [Test]
    public async Task RunAsync_CallerCancelsBeforeLimit_ThrowsOperationCanceledAndCancelsWork()
    {
        using var caller = new CancellationTokenSource();
        var race = RunAsync(Limit, caller.Token);
        var workToken = await _started.Task;

        await caller.CancelAsync();

        // The fake clock never reaches the limit and the work never ends: only the caller's token can end
        // the race, so a race that ignored it would hang; the guard makes that a failure instead.
        Assert.That(await Task.WhenAny(race, Task.Delay(TimeSpan.FromSeconds(30))), Is.SameAs(race), "the race did not end on the caller's cancellation");
        Assert.CatchAsync<OperationCanceledException>(async () => await race);
        Assert.That(workToken.IsCancellationRequested, Is.True);
    }

    private Task<string?> RunAsync(TimeSpan limit, CancellationToken token) =>
        BudgetRace.RunAsync(
            workToken =>
            {
                _started.SetResult(workToken);
                return _work.Task;
            },
            limit,
            _clock,
            token);
}
