namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// The leading run of a front-to-back expansion's objects that are completely written. Objects are
/// numbered in archive order as they are handed to the uploader; their uploads finish out of order, so
/// the prefix grows only when every object before a finished one has finished too. What a re-run may
/// leave unwritten is exactly this prefix (decision 0031). Thread-safe: completions arrive from upload
/// continuations.
/// </summary>
internal sealed class CompletedPrefix
{
    private readonly Lock _lock = new();

    /// <summary>Objects after the prefix, in order: their bytes, and whether each is written yet.</summary>
    private readonly List<(long Bytes, bool Done)> _pending = [];
    private int _started;
    private int _count;
    private long _bytes;

    /// <param name="count">Objects already written before this run (a resumed run's prefix).</param>
    /// <param name="bytes">Their bytes.</param>
    public CompletedPrefix(int count = 0, long bytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _started = _count = count;
        _bytes = bytes;
    }

    /// <summary>Objects of the prefix: every object numbered below this is written.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>The prefix's objects and bytes, read together.</summary>
    public (int Count, long Bytes) Snapshot()
    {
        lock (_lock)
        {
            return (_count, _bytes);
        }
    }

    /// <summary>Numbers the next object (its upload is starting) and returns its number.</summary>
    public int Start(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_lock)
        {
            _pending.Add((bytes, false));
            return _started++;
        }
    }

    /// <summary>Object <paramref name="index"/> is written; the prefix takes it and any finished objects after it once all before it are written.</summary>
    public void Complete(int index)
    {
        lock (_lock)
        {
            var offset = index - _count;
            if (offset < 0 || offset >= _pending.Count || _pending[offset].Done)
            {
                throw new InvalidOperationException($"Object {index} is not in flight.");
            }

            _pending[offset] = (_pending[offset].Bytes, true);
            var taken = 0;
            while (taken < _pending.Count && _pending[taken].Done)
            {
                _bytes += _pending[taken].Bytes;
                taken++;
            }

            _pending.RemoveRange(0, taken);
            _count += taken;
        }
    }
}
