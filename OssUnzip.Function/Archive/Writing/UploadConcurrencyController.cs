namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// Decides how many uploads may be in flight, from what the store did in the last measurement window
/// (decision 0026). It probes upwards while throughput rises: after each raise, the next window must be
/// at least <see cref="RiseThreshold"/> faster than the one before it, or the limit steps back and holds
/// for <see cref="HoldWindows"/> windows before probing again. A throttled or failed request (SlowDown,
/// 503, 429) halves the limit at once. Pure: no clock, no threads; the caller measures windows.
/// Invariant: <see cref="Minimum"/> ≤ <see cref="Limit"/> ≤ <see cref="Maximum"/>.
/// </summary>
internal sealed class UploadConcurrencyController
{
    /// <summary>A raise is kept only if the next window's rate is this much higher (noise is below it).</summary>
    public const double RiseThreshold = 0.05;

    /// <summary>Windows to stay at a limit after a raise did not pay, before probing again.</summary>
    public const int HoldWindows = 4;

    private double _rateBeforeProbe;
    private int _probeFrom;
    private bool _probing;
    private int _hold;

    public UploadConcurrencyController(int initial, int minimum, int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, minimum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initial, maximum);
        Minimum = minimum;
        Maximum = maximum;
        Limit = initial;
    }

    public int Minimum { get; }

    public int Maximum { get; }

    /// <summary>Uploads that may be in flight now.</summary>
    public int Limit { get; private set; }

    /// <summary>
    /// How many completions make a window at the current limit: enough that one slow request does not
    /// decide (every slot turns over about twice).
    /// </summary>
    public int WindowCompletions => Math.Max(32, 2 * Limit);

    /// <summary>The end of a window in which <paramref name="completed"/> uploads finished over <paramref name="elapsed"/>.</summary>
    /// <returns>The new limit.</returns>
    public int OnWindow(int completed, TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(completed);
        if (elapsed <= TimeSpan.Zero)
        {
            return Limit;
        }

        var rate = completed / elapsed.TotalSeconds;
        if (_probing)
        {
            _probing = false;
            if (rate >= _rateBeforeProbe * (1 + RiseThreshold))
            {
                Probe(rate);
            }
            else
            {
                Limit = _probeFrom;
                _hold = HoldWindows;
            }
        }
        else if (_hold > 0)
        {
            _hold--;
        }
        else
        {
            Probe(rate);
        }

        return Limit;
    }

    /// <summary>The store pushed back (SlowDown, 503, 429) or a request failed: halve at once, then hold.</summary>
    /// <returns>The new limit.</returns>
    public int OnThrottled()
    {
        Limit = Math.Max(Minimum, Limit / 2);
        _probing = false;
        _hold = 2 * HoldWindows;
        return Limit;
    }

    /// <summary>Raises by a quarter (at least one) when there is room; the next window judges it.</summary>
    private void Probe(double rate)
    {
        if (Limit >= Maximum)
        {
            return;
        }

        _probeFrom = Limit;
        _rateBeforeProbe = rate;
        Limit = Math.Min(Maximum, Limit + Math.Max(1, Limit / 4));
        _probing = true;
    }
}
