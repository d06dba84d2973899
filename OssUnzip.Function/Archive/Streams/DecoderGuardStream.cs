using SharpCompress.Common;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// Wraps a decompressor so its complaints become the service's answers: data that will not decode or
/// fails its checksum (gzip CRC-32, xz CRC/SHA-256, zstd XXH64, bzip2 CRC) is <c>entry-data-corrupt</c>,
/// a compressed stream that stops short is <c>truncated</c>. Storage failures and cancellation pass
/// through untouched (they are transient, not a verdict on the archive). Does not own the decoder.
/// </summary>
internal sealed class DecoderGuardStream(Stream decoder, string formatName) : ReadOnlyStream(canSeek: false)
{
    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        try
        {
            return decoder.Read(buffer);
        }
        catch (Exception e) when (Verdict(e) is { } verdict)
        {
            throw verdict;
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
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
}
