using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using OssUnzip.Function.Archive.Streams;
using OssUnzip.Function.Archive.Writing;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Deflate64;
using SharpCompress.Compressors.LZMA;
using SharpCompress.Compressors.PPMd;
using SharpCompress.Compressors.Xz;
using SpCompressionMode = SharpCompress.Compressors.CompressionMode;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Opens an entry ZipArchive cannot read — an encrypted one (ZipCrypto, WinZip AES) or one compressed
/// with bzip2 (12), LZMA (14), zstd (93), xz (95) or PPMd (98) — from exactly its stored bytes: the
/// decryption layer first, with the first password of the entry's <see cref="ZipPasswordAttempt"/> that
/// passes its verifier (none: <see cref="WrongPasswordException"/>; decision 0041), then the method's decoder from SharpCompress or the BCL (none written here). Every decoder whose
/// memory the archive chooses — an LZMA or xz dictionary, a zstd window, a PPMd model — is checked
/// against Archive:MaxDictionaryBytes before it is created (limit-exceeded). Formats: APPNOTE 4.4.5,
/// 5.8 (LZMA: 2-byte version, 2-byte properties size, properties; flag bit 1 = end marker present),
/// 5.10 (PPMd: 2-byte parameters), WinZip AES; docs/facts.md §18.
/// </summary>
internal static class ZipEntryDecoder
{
    public const ushort Bzip2 = 12;
    public const ushort Lzma = 14;
    public const ushort Zstd = 93;
    public const ushort Xz = 95;
    public const ushort Ppmd = 98;

    /// <summary>xz stream header (12) and the largest block header (1024).</summary>
    private const int XzHeadBytes = 12 + 1024;

    /// <summary>zstd magic, descriptor, window descriptor, dictionary id (4) and content size (8).</summary>
    private const int ZstdHeadBytes = 18;

    private const ushort LzmaEndMarkerFlag = 1 << 1;

    /// <summary>The methods this opener decodes besides Stored, Deflate and Deflate64.</summary>
    public static bool IsMethodSupported(ushort method) => method is 0 or 8 or 9 or Bzip2 or Lzma or Zstd or Xz or Ppmd;

    /// <param name="stored">Exactly the entry's stored (compressed, maybe encrypted) bytes.</param>
    /// <param name="passwords">The passwords to try, in order, from its <see cref="ZipPasswordAttempt.Start"/>; told which one opened the entry.</param>
    /// <exception cref="WrongPasswordException">No password from the start on passes the entry's verifier.</exception>
    public static async Task<DecodedEntry> OpenAsync(ZipCentralEntry entry, string entryName, Stream stored, ZipPasswordAttempt passwords, long maxDictionaryBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(passwords);
        var coding = ZipEntryCoding.Of(entry);
        var layers = new List<Stream>();
        try
        {
            var (data, length) = await OpenDecryptionAsync(entry, entryName, stored, passwords, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(data, stored))
            {
                layers.Add(data);
            }

            var head = await ReadCheckedHeadAsync(entryName, coding.Method, data, length, maxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            var decoded = await OpenMethodAsync(entry, entryName, coding.Method, data, length, head, maxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(decoded, data))
            {
                layers.Add(decoded);
                decoded = new DecoderGuardStream(decoded, $"{DescribeMethod(coding.Method)} data of entry '{entryName}'");
            }

            if (data is WinZipAesReadStream aes)
            {
                decoded = new AuthenticatedEndStream(decoded, aes);
            }

            return new DecodedEntry(decoded, coding.HasCrc ? entry.Crc32 : null, layers);
        }
        catch
        {
            for (var i = layers.Count - 1; i >= 0; i--)
            {
                await layers[i].DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// Checks, before anything is written, what opening the entry checks first — its password verifier,
    /// and the dictionary, window or model size its decoder header declares — reading only those headers
    /// and creating no decoder (so no dictionary is allocated).
    /// </summary>
    /// <exception cref="WrongPasswordException">No password from the start on passes the entry's verifier.</exception>
    public static async Task CheckHeadersAsync(ZipCentralEntry entry, string entryName, Stream stored, ZipPasswordAttempt passwords, long maxDictionaryBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(passwords);
        var (data, length) = await OpenDecryptionAsync(entry, entryName, stored, passwords, cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadCheckedHeadAsync(entryName, ZipEntryCoding.Of(entry).Method, data, length, maxDictionaryBytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!ReferenceEquals(data, stored))
            {
                await data.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string DescribeMethod(ushort method) => Entries.EntrySupport.DescribeMethod(method);

    /// <summary>The decryption layer over the stored bytes (the stored bytes themselves when not encrypted), and the length of what it yields.</summary>
    private static async Task<(Stream Data, long Length)> OpenDecryptionAsync(ZipCentralEntry entry, string entryName, Stream stored, ZipPasswordAttempt passwords, CancellationToken cancellationToken)
    {
        if (ZipEntryCoding.Of(entry).Encryption == ZipEncryption.None)
        {
            return (stored, entry.CompressedSize);
        }

        if (passwords.Passwords.Count == 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.PasswordRequired, $"Entry '{entryName}' is encrypted and Archive:Passwords is empty.", [entryName]);
        }

        var header = await ZipEncryptionHeader.ReadAsync(entry, entryName, stored, entry.CompressedSize, cancellationToken).ConfigureAwait(false);
        for (var i = passwords.Start; i < passwords.Passwords.Count; i++)
        {
            if (header.TryOpen(passwords.Passwords[i], stored, entry.CompressedSize, entryName) is { } decrypted)
            {
                passwords.Opened(header, i);
                return (decrypted, entry.CompressedSize - header.Overhead);
            }
        }

        throw new WrongPasswordException($"No configured password passes the password verifier of entry '{entryName}'.");
    }

    /// <summary>
    /// Reads what the method's decoder reads first and checks the memory it declares against
    /// Archive:MaxDictionaryBytes (limit-exceeded); returns the bytes read, which the decoder is then given.
    /// </summary>
    private static async Task<byte[]> ReadCheckedHeadAsync(string entryName, ushort method, Stream data, long length, long maxDictionaryBytes, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case Lzma:
            {
                var head = await ReadHeadAsync(data, 4 + 5, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
                var propertiesSize = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(2));
                if (propertiesSize != 5)
                {
                    throw new EntryCorruptException(entryName, string.Create(CultureInfo.InvariantCulture, $"Entry '{entryName}' declares {propertiesSize} bytes of LZMA properties; LZMA has 5."));
                }

                CheckDictionary(entryName, "LZMA dictionary", BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4 + 1)), maxDictionaryBytes);
                return head;
            }

            case Zstd:
            {
                var head = await ReadHeadAsync(data, ZstdHeadBytes, exactly: false, entryName, cancellationToken).ConfigureAwait(false);
                if (ZstdWindow.FirstFrame(head) is { } window)
                {
                    CheckDictionary(entryName, "zstd window", window, maxDictionaryBytes);
                }

                return head;
            }

            case Xz:
            {
                var head = await ReadHeadAsync(data, (int)Math.Min(XzHeadBytes, length), exactly: false, entryName, cancellationToken).ConfigureAwait(false);
                if (XzDictionary.FirstBlock(head) is { } dictionary)
                {
                    CheckDictionary(entryName, "xz dictionary", dictionary, maxDictionaryBytes);
                }

                return head;
            }

            case Ppmd:
            {
                var head = await ReadHeadAsync(data, 2, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
                CheckDictionary(entryName, "PPMd model memory", new PpmdProperties(head).AllocatorSize, maxDictionaryBytes);
                return head;
            }

            default:
                return [];
        }
    }

    /// <param name="head">What <see cref="ReadCheckedHeadAsync"/> read from <paramref name="data"/>.</param>
    private static async Task<Stream> OpenMethodAsync(ZipCentralEntry entry, string entryName, ushort method, Stream data, long length, byte[] head, long maxDictionaryBytes, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case 0:
                return data;
            case 8:
                return new DeflateStream(data, CompressionMode.Decompress, leaveOpen: true);
            case 9:
                return new Deflate64Stream(data, SpCompressionMode.Decompress);
            case Bzip2:
                // bzip2's memory is fixed by its block size (at most 900 kB): nothing to check.
                return await BZip2Stream.CreateAsync(data, SpCompressionMode.Decompress, decompressConcatenated: false, leaveOpen: true, tolerateTruncatedStream: false, cancellationToken).ConfigureAwait(false);
            case Lzma:
            {
                var outputSize = (entry.Flags & LzmaEndMarkerFlag) != 0 ? -1 : entry.UncompressedSize;
                return await LzmaStream.CreateAsync(head[4..], data, length - head.Length, outputSize, leaveOpen: true).ConfigureAwait(false);
            }

            case Zstd:
                return await Decompressors.OpenAsync(Formats.StreamCompression.Zstd, new ReplayStream(head, data), maxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            case Xz:
                return await Decompressors.OpenAsync(Formats.StreamCompression.Xz, new ReplayStream(head, data), maxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            case Ppmd:
                return await PpmdStream.CreateAsync(new PpmdProperties(head), data, false, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArchiveRejectedException(ArchiveRejectionCodes.UnsupportedEntries, string.Create(CultureInfo.InvariantCulture, $"Entry '{entryName}' uses compression method {method}, which is not supported."), [entryName]);
        }
    }

    private static void CheckDictionary(string entryName, string what, long bytes, long maxDictionaryBytes)
    {
        if (bytes > maxDictionaryBytes)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"Entry '{entryName}' needs a {bytes}-byte {what}; Archive:MaxDictionaryBytes is {maxDictionaryBytes}."),
                [entryName]);
        }
    }

    /// <summary>Reads <paramref name="count"/> bytes (fewer only at the end when not <paramref name="exactly"/>).</summary>
    internal static async Task<byte[]> ReadHeadAsync(Stream data, int count, bool exactly, string entryName, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await data.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (exactly)
                {
                    throw new EntryCorruptException(entryName, $"Entry '{entryName}' ends inside its encryption or compression header.");
                }

                return buffer[..filled];
            }

            filled += read;
        }

        return buffer;
    }
}
