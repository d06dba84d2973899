namespace OssUnzip.Function.Expansion;

/// <summary>
/// Races a piece of planning against a time limit (decisions 0036, 0042): the work runs on the thread pool
/// under a token of its own, linked to the caller's. Finished in time, its result (or its exception) is the
/// answer. Past the limit the work is cancelled and left to end by itself, whatever it ends with observed
/// and dropped, and the answer is <c>default</c>: a caller gives <typeparamref name="T"/> a null the work
/// never returns. The caller's own cancellation is never taken for the cut: it propagates as
/// <see cref="OperationCanceledException"/>.
/// </summary>
internal static class BudgetRace
{
    public static async Task<T?> RunAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan limit, TimeProvider timeProvider, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(timeProvider);
        using var racing = CancellationTokenSource.CreateLinkedTokenSource(token);
        var workToken = racing.Token;
        var run = Task.Run(() => work(workToken), workToken);
        var deadline = Task.Delay(limit > TimeSpan.Zero ? limit : TimeSpan.Zero, timeProvider, token);
        if (await Task.WhenAny(run, deadline).ConfigureAwait(false) == run)
        {
            return await run.ConfigureAwait(false);
        }

        // Cancelled here before the caller's own cancellation is rethrown: the linked source is disposed on
        // the way out, and a caller's CancelAsync runs its callbacks later, so the work could miss it.
        await racing.CancelAsync().ConfigureAwait(false);
        _ = run.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        token.ThrowIfCancellationRequested();
        return default;
    }
}
