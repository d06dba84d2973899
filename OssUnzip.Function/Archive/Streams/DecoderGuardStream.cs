using SharpCompress.Common;
using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// Wraps a decompressor so its complaints become the service's answers: data that will not decode or
/// fails its checksum (gzip CRC-32, xz CRC/SHA-256, zstd XXH64, bzip2 CRC) is <c>entry-data-corrupt</c>,
/// a compressed stream that stops short is <c>truncated</c>. Storage failures and cancellation pass
/// through untouched (they are transient, not a verdict on the archive). Does not own the decoder.
/// </summary>
internal sealed class DecoderGuardStream(Stream decoder, string formatName) : Stream
{
    private bool _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return decoder.Read(buffer);
        }
        catch (Exception e) when (Verdict(e) is { } verdict)
        {
            throw verdict;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ReadCoreAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Verdict(e) is { } verdict)
        {
            throw verdict;
        }
    }

    private Exception? Verdict(Exception e) => e switch
    {
        EndOfStreamException or IncompleteArchiveException => new ArchiveRejectedException(ArchiveRejectionCodes.Truncated, $"The {formatName} stream ends before its end: the archive is truncated.", null, e),
        InvalidDataException or SharpCompressException => new EntryCorruptException($"The {formatName} stream is corrupt: {e.Message}", e),
        _ => null,
    };

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
