using System.Buffers;
using System.IO.Hashing;

namespace OssUnzip.Benchmarks.Workloads;

/// <summary>
/// One entry's generated content as a read-only stream of known length, hashed as it is made, so a
/// writer can pull it a buffer at a time (never the whole entry in memory). The content is made
/// <see cref="ChunkSize"/> bytes at a time whatever the reader's buffer size (the text generator cuts
/// a word at a chunk's end, so the chunking is part of the bytes): an entry has the same bytes in every
/// workload and every container. CanSeek is true only so that TarWriter, whose archive stream (a
/// GZipStream) cannot seek, can take the header's size from <see cref="Length"/> − <see cref="Position"/>
/// before copying; the generator only goes forward, so an actual seek throws.
/// </summary>
internal sealed class GeneratedEntryStream : Stream
{
    /// <summary>How much content is made at a time.</summary>
    public const int ChunkSize = 1 << 20;

    private readonly ContentStream _content;
    private readonly XxHash128 _hash = new();
    private readonly long _length;
    private byte[]? _chunk;
    private int _chunkOffset;
    private int _chunkCount;
    private long _position;
    private bool _disposed;

    public GeneratedEntryStream(EntrySpec entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _content = new ContentStream(entry.Kind, entry.Seed);
        _length = entry.Size;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _length;
        }
    }

    public override long Position
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position;
        }
        set => throw new NotSupportedException("Generated content only goes forward.");
    }

    /// <summary>Hex XxHash128 of the whole content; only once it has all been read.</summary>
    public string Hash
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position == _length
                ? Convert.ToHexStringLower(_hash.GetCurrentHash())
                : throw new InvalidOperationException($"Only {_position} of {_length} bytes were read.");
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position == _length)
        {
            return 0;
        }

        if (_chunkOffset == _chunkCount)
        {
            // The previous chunk has been served whole; every byte made is hashed once, in order.
            _chunk ??= ArrayPool<byte>.Shared.Rent(ChunkSize);
            _chunkCount = (int)Math.Min(ChunkSize, _length - _position);
            _chunkOffset = 0;
            var made = _chunk.AsSpan(0, _chunkCount);
            _content.Fill(made);
            _hash.Append(made);
        }

        var count = Math.Min(buffer.Length, _chunkCount - _chunkOffset);
        _chunk.AsSpan(_chunkOffset, count).CopyTo(buffer);
        _chunkOffset += count;
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <remarks>Making content is CPU work with nothing to wait for, so it completes synchronously.</remarks>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Generated content only goes forward.");

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && _chunk is not null)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = null;
        }

        _disposed = true;
        base.Dispose(disposing);
    }
}
