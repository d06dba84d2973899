using System.Buffers;
using System.Text.Json;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// A manifest's UTF-8 JSON as a read-only, seekable stream of known length that holds only a chunk of
/// it at a time: the head (format version, summary and the note lists, up to the entries array's
/// opening bracket), then the entries a group at a time, then the closing brackets. The bytes are the
/// ones <see cref="ExpansionManifest.ToUtf8JsonStream"/> writes (same serializer options, and the head is
/// the serializer's own output for the manifest without entries), so a manifest of 100,000 entries is
/// sent without a buffer of its size. Invariant: a seek only moves <see cref="Position"/>; a read behind
/// the chunk in hand makes the chunks again from the start (the S3 client rewinds once, after hashing
/// the body for its signature).
/// </summary>
internal sealed class ManifestJsonStream : ReadOnlyStream
{
    /// <summary>Entries serialized per chunk: a few KiB of JSON, reused buffer.</summary>
    internal const int EntriesPerChunk = 64;

    private static readonly byte[] Tail = "]}"u8.ToArray();

    private readonly byte[] _head;
    private readonly IReadOnlyList<ManifestEntry> _entries;
    private readonly JsonSerializerOptions _serializerOptions;
    private readonly JsonWriterOptions _writerOptions;
    private readonly ArrayBufferWriter<byte> _chunk = new(16 << 10);
    private Utf8JsonWriter? _writer;
    private long _chunkStart;
    private int _nextEntry;
    private bool _tailWritten;
    private readonly long _length;

    /// <param name="head">The JSON up to and including the entries array's '['.</param>
    /// <remarks>The length comes from one pass over the same chunks, so it is exact by construction.</remarks>
    public ManifestJsonStream(byte[] head, IReadOnlyList<ManifestEntry> entries, JsonSerializerOptions serializerOptions, JsonWriterOptions writerOptions)
        : base(canSeek: true)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(serializerOptions);
        _head = head;
        _entries = entries;
        _serializerOptions = serializerOptions;
        _writerOptions = writerOptions;
        Restart();
        long length = _chunk.WrittenCount;
        while (NextChunk())
        {
            length += _chunk.WrittenCount;
        }

        _length = length;
        Restart();
    }

    protected override long StreamLength => _length;

    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        if (buffer.IsEmpty || ReadPosition >= _length)
        {
            return 0;
        }

        if (ReadPosition < _chunkStart)
        {
            Restart();
        }

        while (ReadPosition >= _chunkStart + _chunk.WrittenCount)
        {
            if (!NextChunk())
            {
                throw new InvalidOperationException("The manifest produced fewer bytes than on its counting pass.");
            }
        }

        var available = _chunk.WrittenSpan[(int)(ReadPosition - _chunkStart)..];
        var count = Math.Min(available.Length, buffer.Length);
        available[..count].CopyTo(buffer);
        ReadPosition += count;
        return count;
    }

    /// <summary>Serializing a chunk is CPU work of a few microseconds; there is nothing to wait for.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    private void Restart()
    {
        _chunk.ResetWrittenCount();
        _chunk.Write(_head);
        _chunkStart = 0;
        _nextEntry = 0;
        _tailWritten = false;
    }

    /// <returns>false when the document has no more bytes.</returns>
    private bool NextChunk()
    {
        if (_tailWritten)
        {
            return false;
        }

        _chunkStart += _chunk.WrittenCount;
        _chunk.ResetWrittenCount();
        var end = Math.Min(_entries.Count, _nextEntry + EntriesPerChunk);
        for (; _nextEntry < end; _nextEntry++)
        {
            if (_nextEntry > 0)
            {
                _chunk.Write(","u8);
            }

            // One root value per Reset: the writer's own separators apply within an entry only.
            if (_writer is null)
            {
                _writer = new Utf8JsonWriter(_chunk, _writerOptions);
            }
            else
            {
                _writer.Reset(_chunk);
            }

            JsonSerializer.Serialize(_writer, _entries[_nextEntry], _serializerOptions);
            _writer.Flush();
        }

        if (_nextEntry == _entries.Count)
        {
            _chunk.Write(Tail);
            _tailWritten = true;
        }

        return true;
    }

    protected override void DisposeResources() => _writer?.Dispose();
}
