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
/// decryption layer first (its password verifier checked on the way in: <see cref="WrongPasswordException"/>),
/// then the method's decoder from SharpCompress or the BCL (none written here). Every decoder whose
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
    /// <param name="password">The archive's password; null when none is configured.</param>
    public static async Task<DecodedEntry> OpenAsync(ZipCentralEntry entry, string entryName, Stream stored, string? password, long maxDictionaryBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(stored);
        var coding = ZipEntryCoding.Of(entry);
        var layers = new List<Stream>();
        var data = stored;
        var length = entry.CompressedSize;
        WinZipAesReadStream? aes = null;
        try
        {
            if (coding.Encryption != ZipEncryption.None && password is null)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.PasswordRequired, $"Entry '{entryName}' is encrypted and Archive:Passwords is empty.", [entryName]);
            }

            switch (coding.Encryption)
            {
                case ZipEncryption.ZipCrypto:
                    data = await OpenZipCryptoAsync(entry, entryName, data, password!, cancellationToken).ConfigureAwait(false);
                    layers.Add(data);
                    length -= ZipCryptoKeys.HeaderLength;
                    break;
                case ZipEncryption.WinZipAes:
                    aes = await OpenAesAsync(entryName, coding.AesStrength, data, length, password!, cancellationToken).ConfigureAwait(false);
                    data = aes;
                    layers.Add(data);
                    length -= WinZipAesKeys.Overhead(coding.AesStrength);
                    break;
            }

            var decoded = await OpenMethodAsync(entry, entryName, coding.Method, data, length, maxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(decoded, data))
            {
                layers.Add(decoded);
                decoded = new DecoderGuardStream(decoded, $"{DescribeMethod(coding.Method)} data of entry '{entryName}'");
            }

            if (aes is not null)
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
    /// Checks only the password verifier of an encrypted entry (no decoder is opened, so a wrong password
    /// can never be mistaken for a corrupt or oversized decoder header).
    /// </summary>
    public static async Task CheckPasswordAsync(ZipCentralEntry entry, string entryName, Stream stored, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var coding = ZipEntryCoding.Of(entry);
        Stream opened = coding.Encryption switch
        {
            ZipEncryption.ZipCrypto => await OpenZipCryptoAsync(entry, entryName, stored, password, cancellationToken).ConfigureAwait(false),
            ZipEncryption.WinZipAes => await OpenAesAsync(entryName, coding.AesStrength, stored, entry.CompressedSize, password, cancellationToken).ConfigureAwait(false),
            _ => Stream.Null,
        };
        await opened.DisposeAsync().ConfigureAwait(false);
    }

    private static string DescribeMethod(ushort method) => Entries.EntrySupport.DescribeMethod(method);

    private static async Task<Stream> OpenZipCryptoAsync(ZipCentralEntry entry, string entryName, Stream data, string password, CancellationToken cancellationToken)
    {
        var header = await ReadHeadAsync(data, ZipCryptoKeys.HeaderLength, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
        var keys = new ZipCryptoKeys(Encoding.UTF8.GetBytes(password));
        keys.Decrypt(header);
        var time = BinaryPrimitives.ReadUInt16LittleEndian(entry.Record.Span[ZipHeaderFields.Central.Time..]);
        if (header[^1] != ZipCryptoKeys.CheckByte(entry.Flags, entry.Crc32, time))
        {
            throw new WrongPasswordException($"No configured password passes the ZipCrypto check byte of entry '{entryName}'.");
        }

        return new ZipCryptoReadStream(data, keys);
    }

    private static async Task<WinZipAesReadStream> OpenAesAsync(string entryName, byte strength, Stream data, long length, string password, CancellationToken cancellationToken)
    {
        if (length < WinZipAesKeys.Overhead(strength))
        {
            throw new EntryCorruptException(entryName, $"Entry '{entryName}' is shorter than its WinZip AES salt, verifier and authentication code.");
        }

        var saltLength = WinZipAesKeys.SaltLength(strength);
        var head = await ReadHeadAsync(data, saltLength + WinZipAesKeys.VerifierLength, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
        var keys = WinZipAesKeys.Derive(Encoding.UTF8.GetBytes(password), head.AsSpan(0, saltLength), strength);
        if (BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(saltLength)) != keys.Verifier)
        {
            throw new WrongPasswordException($"No configured password passes the WinZip AES password verifier of entry '{entryName}'.");
        }

        return new WinZipAesReadStream(data, keys, length - WinZipAesKeys.Overhead(strength), entryName);
    }

    private static async Task<Stream> OpenMethodAsync(ZipCentralEntry entry, string entryName, ushort method, Stream data, long length, long maxDictionaryBytes, CancellationToken cancellationToken)
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
                var header = await ReadHeadAsync(data, 4, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
                var propertiesSize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2));
                if (propertiesSize != 5)
                {
                    throw new EntryCorruptException(entryName, string.Create(CultureInfo.InvariantCulture, $"Entry '{entryName}' declares {propertiesSize} bytes of LZMA properties; LZMA has 5."));
                }

                var properties = await ReadHeadAsync(data, propertiesSize, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
                CheckDictionary(entryName, "LZMA dictionary", BinaryPrimitives.ReadUInt32LittleEndian(properties.AsSpan(1)), maxDictionaryBytes);
                var outputSize = (entry.Flags & LzmaEndMarkerFlag) != 0 ? -1 : entry.UncompressedSize;
                return await LzmaStream.CreateAsync(properties, data, length - 4 - propertiesSize, outputSize, leaveOpen: true).ConfigureAwait(false);
            }

            case Zstd:
            {
                var head = await ReadHeadAsync(data, ZstdHeadBytes, exactly: false, entryName, cancellationToken).ConfigureAwait(false);
                if (ZstdWindow.FirstFrame(head) is { } window)
                {
                    CheckDictionary(entryName, "zstd window", window, maxDictionaryBytes);
                }

                return await Decompressors.OpenAsync(Formats.StreamCompression.Zstd, new ReplayStream(head, data), maxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            }

            case Xz:
            {
                var head = await ReadHeadAsync(data, (int)Math.Min(XzHeadBytes, length), exactly: false, entryName, cancellationToken).ConfigureAwait(false);
                if (XzDictionary.FirstBlock(head) is { } dictionary)
                {
                    CheckDictionary(entryName, "xz dictionary", dictionary, maxDictionaryBytes);
                }

                return await Decompressors.OpenAsync(Formats.StreamCompression.Xz, new ReplayStream(head, data), maxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            }

            case Ppmd:
            {
                var parameters = await ReadHeadAsync(data, 2, exactly: true, entryName, cancellationToken).ConfigureAwait(false);
                var properties = new PpmdProperties(parameters);
                CheckDictionary(entryName, "PPMd model memory", properties.AllocatorSize, maxDictionaryBytes);
                return await PpmdStream.CreateAsync(properties, data, false, cancellationToken).ConfigureAwait(false);
            }

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
    private static async Task<byte[]> ReadHeadAsync(Stream data, int count, bool exactly, string entryName, CancellationToken cancellationToken)
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
