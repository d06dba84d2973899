using System.Buffers;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// A seekable, read-only stream that looks to ZipArchive like an archive holding only a batch of entries,
/// laid out canonically: for each entry a local header we wrote (<see cref="SyntheticCentralDirectory.WriteLocalHeader"/>)
/// followed by exactly the entry's compressed bytes, then a directory we wrote. ZipArchive parses only
/// records we wrote; the one thing it reads from the archive is compressed data, and which bytes those
/// are is decided here: the real local header is read and checked (<see cref="LocalHeaderCheck"/>) when
/// the entry's data is first read, and the data is served from exactly the offset that check computed,
/// for exactly the compressed size the directory checks validated (docs/decisions/0012-one-reading-of-every-byte.md).
/// Real bytes are read lazily from the source (shifted past any prepended data) through a buffer, front to
/// back; refills stop at <c>readLimit</c> (the batch's end) so they never pull in another reader's bytes.
/// Each parallel reader opens its own small ZipArchive this way, so the full directory is parsed once.
/// Does not own <c>source</c>; disposing the view leaves it open.
/// </summary>
internal sealed class BatchArchiveView : ReadOnlyStream
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _source;
    private readonly long _prefixLength;
    private readonly long _readLimit;
    private readonly IReadOnlyList<ZipCentralEntry> _entries;
    private readonly IReadOnlyList<long> _dataLimits;
    private readonly byte[][] _headers;
    private readonly long[] _headerStarts;
    private readonly long[] _dataOffsets;
    private readonly long _directoryStart;
    private readonly byte[] _directory;
    private readonly Action<int, long>? _dataRead;
    private byte[]? _buffer;
    private long _bufferStart;
    private int _bufferCount;

    /// <param name="source">The whole archive object, seekable.</param>
    /// <param name="prefixLength">Bytes prepended before the archive's declared offsets (<see cref="ZipLayout.PrefixLength"/>).</param>
    /// <param name="entries">The batch, in local-header order.</param>
    /// <param name="dataLimits">Per entry, the declared offset its data must end by: the next local header in the archive, or the directory.</param>
    /// <param name="readLimit">Declared offset refills stop at (the batch's end); header reads past it may still happen.</param>
    /// <param name="forceZip64">Write ZIP64 end records even when not needed (tests).</param>
    /// <param name="dataRead">Told (entry index in the batch, declared offset) at every read of entry data (tests).</param>
    public BatchArchiveView(
        Stream source,
        long prefixLength,
        IReadOnlyList<ZipCentralEntry> entries,
        IReadOnlyList<long> dataLimits,
        long readLimit,
        bool forceZip64 = false,
        Action<int, long>? dataRead = null)
        : base(canSeek: true)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(dataLimits);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfNotEqual(dataLimits.Count, entries.Count);
        _source = source;
        _prefixLength = prefixLength;
        _readLimit = readLimit;
        _entries = entries;
        _dataLimits = dataLimits;
        _dataRead = dataRead;
        _headers = new byte[entries.Count][];
        _headerStarts = new long[entries.Count];
        _dataOffsets = new long[entries.Count];
        long position = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            _headers[i] = SyntheticCentralDirectory.WriteLocalHeader(entries[i]);
            _headerStarts[i] = position;
            _dataOffsets[i] = -1;
            position += _headers[i].Length + entries[i].CompressedSize;
        }

        _directoryStart = position;
        _directory = SyntheticCentralDirectory.Build(entries, _headerStarts, _directoryStart, forceZip64);
    }

    /// <summary>Synchronous reads are served only from records we wrote (no I/O there).</summary>
    protected override long StreamLength => _directoryStart + _directory.Length;

    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        if (buffer.IsEmpty || ReadPosition >= Length)
        {
            return 0;
        }

        return TryReadSynthesized(buffer, out var read)
            ? read
            : throw new NotSupportedException("Archive data is read asynchronously; use ReadAsync.");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (buffer.IsEmpty || ReadPosition >= Length)
        {
            return ValueTask.FromResult(0);
        }

        return TryReadSynthesized(buffer.Span, out var read) ? ValueTask.FromResult(read) : ReadEntryDataAsync(buffer, cancellationToken);
    }

    /// <summary>
    /// The stored bytes of the batch's entry <paramref name="index"/> (compressed, maybe encrypted), for
    /// the entries ZipArchive cannot read: the same bytes, from the same checked local header, that
    /// ZipArchive would be served (<see cref="ZipEntryDecoder"/>).
    /// </summary>
    public Stream OpenStoredData(int index)
    {
        ThrowIfDisposed();
        return new WindowReadStream(this, _headerStarts[index] + _headers[index].Length, _entries[index].CompressedSize);
    }

    /// <summary>Serves the position from a record we wrote, if it lies in one.</summary>
    private bool TryReadSynthesized(Span<byte> buffer, out int read)
    {
        ReadOnlySpan<byte> source;
        if (ReadPosition >= _directoryStart)
        {
            source = _directory.AsSpan((int)(ReadPosition - _directoryStart));
        }
        else
        {
            var index = EntryAt(ReadPosition);
            var inHeader = ReadPosition - _headerStarts[index];
            if (inHeader >= _headers[index].Length)
            {
                read = 0;
                return false;
            }

            source = _headers[index].AsSpan((int)inHeader);
        }

        read = Math.Min(buffer.Length, source.Length);
        source[..read].CopyTo(buffer);
        ReadPosition += read;
        return true;
    }

    /// <summary>Reads the entry's compressed bytes from the offset its checked local header gives, never past its compressed size.</summary>
    private async ValueTask<int> ReadEntryDataAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var index = EntryAt(ReadPosition);
        if (_dataOffsets[index] < 0)
        {
            _dataOffsets[index] = await CheckLocalHeaderAsync(index, cancellationToken).ConfigureAwait(false);
        }

        var intoData = ReadPosition - _headerStarts[index] - _headers[index].Length;
        var remaining = _entries[index].CompressedSize - intoData;
        var declared = _dataOffsets[index] + intoData;
        _dataRead?.Invoke(index, declared);
        var read = await ReadSourceAsync(declared, buffer[..(int)Math.Min(buffer.Length, remaining)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new InvalidDataException("The archive ends inside an entry's data: it is truncated.");
        }

        ReadPosition += read;
        return read;
    }

    private async ValueTask<long> CheckLocalHeaderAsync(int index, CancellationToken cancellationToken)
    {
        var header = new byte[LocalHeaderCheck.FixedSize];
        var filled = 0;
        var offset = _entries[index].LocalHeaderOffset;
        while (filled < header.Length)
        {
            var read = await ReadSourceAsync(offset + filled, header.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return LocalHeaderCheck.DataOffset(header.AsSpan(0, filled), _entries[index], _dataLimits[index]);
    }

    /// <summary>The entry whose header or data holds a position before the directory.</summary>
    private int EntryAt(long position)
    {
        var index = Array.BinarySearch(_headerStarts, position);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>Reads real archive bytes at a declared offset, through the buffer for small reads.</summary>
    private async ValueTask<int> ReadSourceAsync(long declared, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_bufferCount == 0 || declared < _bufferStart || declared >= _bufferStart + _bufferCount)
        {
            if (buffer.Length >= BufferSize)
            {
                _source.Position = declared + _prefixLength;
                return await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
            var length = (int)Math.Min(BufferSize, Math.Max(_readLimit - declared, buffer.Length));
            _source.Position = declared + _prefixLength;
            _bufferStart = declared;
            _bufferCount = 0;
            _bufferCount = await _source.ReadAsync(_buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            if (_bufferCount == 0)
            {
                return 0;
            }
        }

        var offset = (int)(declared - _bufferStart);
        var count = Math.Min(buffer.Length, _bufferCount - offset);
        _buffer.AsMemory(offset, count).CopyTo(buffer);
        return count;
    }

    protected override void DisposeResources()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
