namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// A decoder's output that, when the decoder reports its end, first reads the rest of the WinZip AES
/// data below it and checks the authentication code, so the end of an AES entry is never reported before
/// its code has been checked, whatever the decoder left unread. Does not own either stream.
/// </summary>
internal sealed class AuthenticatedEndStream(Stream decoded, WinZipAesReadStream encrypted) : AsyncReadStream
{
    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await decoded.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            await encrypted.DrainAndVerifyAsync(cancellationToken).ConfigureAwait(false);
        }

        return read;
    }
}
