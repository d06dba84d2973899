namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// The process-wide permits for uploads in flight, whose number an <see cref="UploadConcurrencyController"/>
/// moves (or a fixed number when there is none). A permit is taken just before a request is sent and given
/// back when it ends; every <see cref="UploadConcurrencyController.WindowCompletions"/> completions close a
/// measurement window. Lowering the limit takes free permits at once and withholds the rest as they come
/// back; nothing in flight is interrupted. Invariant: permits in flight + free + withheld = the largest
/// limit reached so far, and in flight + free ≤ limit once the withheld ones are back.
/// </summary>
internal sealed class UploadSlots : IDisposable
{
    private readonly SemaphoreSlim _free;
    private readonly UploadConcurrencyController? _controller;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private int _limit;
    private int _owed;
    private int _windowCompleted;
    private long _windowStart;

    /// <param name="controller">Moves the limit; null keeps <paramref name="fixedLimit"/>.</param>
    public UploadSlots(int fixedLimit, UploadConcurrencyController? controller, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fixedLimit, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _controller = controller;
        _timeProvider = timeProvider;
        _limit = controller?.Limit ?? fixedLimit;
        _free = new SemaphoreSlim(_limit, controller?.Maximum ?? fixedLimit);
        _windowStart = timeProvider.GetTimestamp();
    }

    /// <summary>Uploads that may be in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _free.WaitAsync(cancellationToken);

    /// <summary>Gives a permit back.</summary>
    /// <param name="completed">The upload it covered succeeded (it counts towards the window's rate).</param>
    public void Release(bool completed)
    {
        lock (_lock)
        {
            if (completed && _controller is not null && ++_windowCompleted >= _controller.WindowCompletions)
            {
                var elapsed = _timeProvider.GetElapsedTime(_windowStart);
                Apply(_controller.OnWindow(_windowCompleted, elapsed));
                StartWindow();
            }

            if (_owed > 0)
            {
                _owed--;
                return;
            }
        }

        _free.Release();
    }

    /// <summary>The store pushed back: the controller lowers the limit and a new window starts.</summary>
    public void OnThrottled()
    {
        if (_controller is null)
        {
            return;
        }

        lock (_lock)
        {
            Apply(_controller.OnThrottled());
            StartWindow();
        }
    }

    private void StartWindow()
    {
        _windowCompleted = 0;
        _windowStart = _timeProvider.GetTimestamp();
    }

    /// <summary>Moves the limit (under the lock): repays withheld permits or frees new ones; takes free ones or withholds.</summary>
    private void Apply(int limit)
    {
        var change = limit - _limit;
        _limit = limit;
        if (change > 0)
        {
            var repaid = Math.Min(_owed, change);
            _owed -= repaid;
            if (change > repaid)
            {
                // SemaphoreSlim runs its waiters' continuations asynchronously, so releasing under the lock is safe.
                _free.Release(change - repaid);
            }
        }
        else
        {
            for (var taken = 0; taken < -change; taken++)
            {
                if (!_free.Wait(0))
                {
                    _owed += -change - taken;
                    break;
                }
            }
        }
    }

    public void Dispose() => _free.Dispose();
}
