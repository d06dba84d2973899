namespace OssUnzip.Local.EventBridge;

/// <summary>
/// How the local EventBridge retries a push. EventBridge's BACKOFF_RETRY makes 3 retries 10–20 s
/// apart (docs/facts.md §3); locally the same bounded shape runs on a shorter clock: 1 s, 2 s, 4 s.
/// Which statuses EventBridge retries is undocumented (docs/facts.md §3 [U]): every non-2xx and every
/// timeout or connection failure is retried here.
/// </summary>
internal sealed record DeliveryOptions
{
    public int MaxRetries { get; init; } = 3;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How long one attempt waits for the answer (a timeout is a failed attempt, retried). Default 3 s:
    /// the open-source EventBridge's HTTP sink waits 3000 ms (docs/facts.md §3); the function answers
    /// within its 2 s request budget (big archives become jobs: decision 0017). `--delivery-timeout`.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Delay before retry number <paramref name="retry"/> (1-based): doubling, capped at <see cref="MaxDelay"/>.</summary>
    public TimeSpan DelayBefore(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var ticks = InitialDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 30));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
