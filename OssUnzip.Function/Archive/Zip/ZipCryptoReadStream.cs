namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Decrypts traditional PKWARE data (after its 12-byte header, whose check the opener has made) with
/// keys already advanced past that header. Does not own the inner stream.
/// </summary>
internal sealed class ZipCryptoReadStream(Stream inner, ZipCryptoKeys keys) : AsyncReadStream
{
    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        keys.Decrypt(buffer.Span[..read]);
        return read;
    }
}
