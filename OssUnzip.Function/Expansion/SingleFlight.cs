using System.Collections.Concurrent;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Runs at most one operation per key at a time in this process; callers that arrive while it runs
/// join it and get the same result (or exception). The operation runs under its own token, not any
/// caller's, so a caller that gives up does not cancel it for the others.
/// </summary>
internal sealed class SingleFlight<TKey, TResult>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TResult>>> _inFlight = new();

    public int Count => _inFlight.Count;

    public Task<TResult> RunAsync(TKey key, Func<Task<TResult>> operation, CancellationToken callerToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var flight = new Lazy<Task<TResult>>(() => RunAndForgetAsync(key, operation), LazyThreadSafetyMode.ExecutionAndPublication);
        var current = _inFlight.GetOrAdd(key, flight);
        return current.Value.WaitAsync(callerToken);
    }

    private async Task<TResult> RunAndForgetAsync(TKey key, Func<Task<TResult>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }
}
