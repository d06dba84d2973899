namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Serves bytes already read from the head of a stream (to check a dictionary size before decoding),
/// then the rest of that stream, so the decoder sees the stream whole. Does not own the inner stream.
/// </summary>
internal sealed class ReplayStream(ReadOnlyMemory<byte> head, Stream rest) : AsyncReadStream
{
    private ReadOnlyMemory<byte> _head = head;

    protected override ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_head.IsEmpty)
        {
            return rest.ReadAsync(buffer, cancellationToken);
        }

        var count = Math.Min(buffer.Length, _head.Length);
        _head[..count].CopyTo(buffer);
        _head = _head[count..];
        return ValueTask.FromResult(count);
    }
}
