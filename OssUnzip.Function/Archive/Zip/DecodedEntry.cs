namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// An entry's content as <see cref="ZipEntryDecoder"/> opened it, and the CRC-32 it must have (null for
/// WinZip AE-2, which stores none and is checked by its authentication code instead). Disposing it
/// disposes the decoder and decryption layers, never the stream they read from.
/// </summary>
internal sealed class DecodedEntry(Stream content, uint? crc32, IReadOnlyList<Stream> layers) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    public uint? Crc32 { get; } = crc32;

    public async ValueTask DisposeAsync()
    {
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            await layers[i].DisposeAsync().ConfigureAwait(false);
        }
    }
}
