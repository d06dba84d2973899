namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// A process-wide cap on bytes held in entry and part buffers: an acquisition waits (first come,
/// first served) until enough bytes are released. This is what keeps memory flat however large or
/// numerous the archives are. Invariant: 0 ≤ available ≤ capacity; a request larger than the
/// capacity is a programming error (options validation prevents it).
/// </summary>
internal sealed class ByteBudget
{
    private readonly Lock _lock = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Granted)> _waiters = new();
    private long _available;

    public ByteBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _available = capacity;
    }

    public long Capacity { get; }

    public long Available
    {
        get
        {
            lock (_lock)
            {
                return _available;
            }
        }
    }

    public async ValueTask AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Capacity);
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _available >= bytes)
            {
                _available -= bytes;
                return;
            }

            node = _waiters.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        try
        {
            await node.Value.Item2.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    GrantWaiters();
                    throw;
                }
            }

            // Granted just as we were cancelled: hand the bytes back.
            Release(bytes);
            throw;
        }
    }

    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_lock)
        {
            if (_available + bytes > Capacity)
            {
                throw new InvalidOperationException("More bytes were released than acquired.");
            }

            _available += bytes;
            GrantWaiters();
        }
    }

    private void GrantWaiters()
    {
        while (_waiters.First is { } first && first.Value.Bytes <= _available)
        {
            _available -= first.Value.Bytes;
            _waiters.RemoveFirst();
            first.Value.Granted.TrySetResult();
        }
    }
}
