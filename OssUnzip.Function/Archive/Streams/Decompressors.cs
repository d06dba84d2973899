using System.IO.Compression;
using OssUnzip.Function.Archive.Formats;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;
using SharpCompress.Compressors.ZStandard.Unsafe;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// The decoder for each whole-stream compression: the BCL's GZipStream for gzip, SharpCompress for
/// bzip2, xz and zstd (decision 0020). None is written here. Each leaves the compressed stream open.
/// A zstd frame may ask for a window up to 2 GiB: the decoder refuses windows above
/// Archive:MaxDictionaryBytes, so the memory bound holds (an xz dictionary is checked from the head, see
/// <see cref="XzDictionary"/>).
/// </summary>
internal static class Decompressors
{
    public static async Task<Stream> OpenAsync(StreamCompression compression, Stream compressed, long maxDictionaryBytes, CancellationToken cancellationToken) => compression switch
    {
        StreamCompression.None => compressed,
        StreamCompression.Gzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true),
        StreamCompression.Bzip2 => await BZip2Stream.CreateAsync(compressed, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: true, tolerateTruncatedStream: false, cancellationToken).ConfigureAwait(false),
        StreamCompression.Xz => new XZStream(new NonClosingStream(compressed)),
        StreamCompression.Zstd => OpenZstd(compressed, maxDictionaryBytes),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    private static DecompressionStream OpenZstd(Stream compressed, long maxDictionaryBytes)
    {
        var decompressor = new Decompressor();
        decompressor.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLog(maxDictionaryBytes));
        return new DecompressionStream(compressed, decompressor, bufferSize: 0, checkEndOfStream: true, preserveDecompressor: false, leaveOpen: true);
    }

    /// <summary>The largest window log whose window fits in <paramref name="maxBytes"/> (zstd's minimum is 10).</summary>
    internal static int WindowLog(long maxBytes) => Math.Max(10, Math.Min(31, 63 - (int)ulong.LeadingZeroCount((ulong)maxBytes)));
}
