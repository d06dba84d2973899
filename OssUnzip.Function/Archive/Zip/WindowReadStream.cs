namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Exactly <c>length</c> bytes of a seekable stream from <c>start</c>: an entry's stored bytes, read
/// through the batch view (which checks the local header and serves the one reading of every byte) or,
/// for the password and dictionary checks before writing, through a ranged stream. Positions the source
/// before every read, since other readers of the same view position it too. Does not own the source.
/// </summary>
internal sealed class WindowReadStream(Stream source, long start, long length) : AsyncReadStream
{
    private long _read;

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _read);
        if (wanted == 0)
        {
            return 0;
        }

        source.Position = start + _read;
        var read = await source.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new InvalidDataException("The archive ends inside an entry's data: it is truncated.");
        }

        _read += read;
        return read;
    }
}
