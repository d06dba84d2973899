using System.Globalization;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Tar;

/// <summary>
/// Exactly one member's stored bytes from the tar stream, front to back. Reads are capped at what the
/// member has left; a tar stream that ends before them is <c>truncated</c>, never a short member. Does
/// not own the tar stream.
/// </summary>
internal sealed class TarDataStream(Stream tar, long length, string memberName) : ReadOnlyStream(canSeek: false)
{
    private long _position;

    public long Remaining => length - _position;

    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        if (buffer.IsEmpty || Remaining == 0)
        {
            return 0;
        }

        var read = tar.Read(buffer[..(int)Math.Min(buffer.Length, Remaining)]);
        return Advance(read);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return buffer.IsEmpty || Remaining == 0 ? ValueTask.FromResult(0) : ReadCoreAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await tar.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Remaining)], cancellationToken).ConfigureAwait(false);
        return Advance(read);
    }

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.Truncated,
                string.Create(CultureInfo.InvariantCulture, $"The archive ends inside member '{memberName}', {Remaining} of its {length} bytes short."),
                [memberName]);
        }

        _position += read;
        return read;
    }
}
