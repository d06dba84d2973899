using System.Collections;

namespace OssUnzip.Function.Collections;

/// <summary>
/// A read-only list whose items are made from a source list's items when read, never stored. An
/// expansion's report and manifest list every written object (up to Archive:MaxEntries of them); made
/// on demand, each item is short-lived garbage instead of one more object per entry held to the end.
/// </summary>
internal sealed class ProjectedList<TSource, TResult> : IReadOnlyList<TResult>
{
    private readonly IReadOnlyList<TSource> _source;
    private readonly Func<TSource, TResult> _project;

    public ProjectedList(IReadOnlyList<TSource> source, Func<TSource, TResult> project)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(project);
        _source = source;
        _project = project;
    }

    public int Count => _source.Count;

    public TResult this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _source.Count);
            return _project(_source[index]);
        }
    }

    public IEnumerator<TResult> GetEnumerator()
    {
        foreach (var item in _source)
        {
            yield return _project(item);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
