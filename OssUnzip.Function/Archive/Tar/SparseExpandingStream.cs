using System.Globalization;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Tar;

/// <summary>
/// A sparse member as the file it stands for: zeros in the holes, the stored bytes at the offsets the
/// map gives, <c>realSize</c> bytes in all. The map is checked first (ascending, not overlapping, inside
/// the real size, adding up to the stored bytes), so a lying map is corrupt data, never a bomb: the
/// expanded size is the declared one, counted toward the limits like any member's.
/// </summary>
internal sealed class SparseExpandingStream : ReadOnlyStream
{
    private readonly Stream _stored;
    private readonly IReadOnlyList<SparseSegment> _map;
    private readonly long _realSize;
    private long _position;
    private int _segment;

    public SparseExpandingStream(Stream stored, IReadOnlyList<SparseSegment> map, long storedSize, long realSize, string memberName)
        : base(canSeek: false)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(map);
        long end = 0;
        long sum = 0;
        foreach (var segment in map)
        {
            if (segment.Offset < end || segment.Length < 0 || segment.Offset + segment.Length > realSize)
            {
                throw Corrupt(memberName, "its sparse map is out of order, overlaps itself or runs past the file's size");
            }

            end = segment.Offset + segment.Length;
            sum += segment.Length;
        }

        if (sum != storedSize)
        {
            throw Corrupt(memberName, string.Create(CultureInfo.InvariantCulture, $"its sparse map covers {sum} bytes but {storedSize} are stored"));
        }

        _stored = stored;
        _map = map;
        _realSize = realSize;
    }

    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        var (stored, zeros) = Next(buffer.Length);
        if (stored > 0)
        {
            return Advance(_stored.Read(buffer[..stored]));
        }

        buffer[..zeros].Clear();
        return Advance(zeros);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var (stored, zeros) = Next(buffer.Length);
        if (stored > 0)
        {
            return ReadStoredAsync(buffer[..stored], cancellationToken);
        }

        buffer.Span[..zeros].Clear();
        return ValueTask.FromResult(Advance(zeros));
    }

    private async ValueTask<int> ReadStoredAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Advance(await _stored.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    /// <summary>What the next read at most <paramref name="wanted"/> long takes: stored bytes of the current segment, or zeros of a hole (both 0 at the end).</summary>
    private (int Stored, int Zeros) Next(int wanted)
    {
        while (_segment < _map.Count && _position >= _map[_segment].Offset + _map[_segment].Length)
        {
            _segment++;
        }

        if (wanted == 0 || _position == _realSize)
        {
            return (0, 0);
        }

        if (_segment < _map.Count && _position >= _map[_segment].Offset)
        {
            return ((int)Math.Min(wanted, _map[_segment].Offset + _map[_segment].Length - _position), 0);
        }

        var hole = (_segment < _map.Count ? _map[_segment].Offset : _realSize) - _position;
        return (0, (int)Math.Min(wanted, hole));
    }

    private int Advance(int count)
    {
        _position += count;
        return count;
    }

    private static EntryCorruptException Corrupt(string memberName, string problem) =>
        new(memberName, $"Member '{memberName}' is corrupt: {problem}.");
}
