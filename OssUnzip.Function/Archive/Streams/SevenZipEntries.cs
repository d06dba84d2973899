using System.Globalization;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.SevenZip;
using SharpCompress.Archives;
using SharpCompress.Archives.SevenZip;
using SharpCompress.Common;
using SharpCompress.Readers;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// What an expansion and an inspection of a 7z decide alike from its header, through SharpCompress:
/// opening it (a password opens an encrypted header), listing its entries, the limits on their declared
/// sizes, and which entries are never written (anti-items, links, special files). No folder is decoded.
/// </summary>
internal static class SevenZipEntries
{
    /// <summary>Unix file type bits of the mode 7-Zip keeps in the high 16 bits of the attributes (with 0x8000 set).</summary>
    private const int UnixExtension = 0x8000;
    private const int UnixTypeMask = 0xF000;
    private const int UnixSymlink = 0xA000;
    private const int UnixRegular = 0x8000;
    private const int UnixDirectory = 0x4000;

    /// <summary>FILE_ATTRIBUTE_REPARSE_POINT: a Windows symbolic link or junction (7-Zip -snl on Windows).</summary>
    private const int WindowsReparsePoint = 0x400;

    /// <summary>Opens the archive over <paramref name="raw"/> (left open); an unreadable header is <c>corrupt-central-directory</c>.</summary>
    public static async Task<IAsyncArchive> OpenAsync(SevenZipSourceStream raw, string? password, CancellationToken cancellationToken)
    {
        try
        {
            return await SevenZipArchive.OpenAsyncArchive(raw, new ReaderOptions { Password = password, LeaveStreamOpen = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, $"The 7z archive's header is unreadable: {e.Message}. Nothing was written.", null, e);
        }
    }

    /// <summary>Every entry the header lists, in header order (decodes the header; no folder is decoded).</summary>
    public static async Task<List<IArchiveEntry>> ListAsync(IAsyncArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        try
        {
            var entries = new List<IArchiveEntry>();
            await foreach (var entry in archive.EntriesAsync.ConfigureAwait(false))
            {
                entries.Add(entry);
            }

            return entries;
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, $"The 7z archive's header is unreadable: {e.Message}. Nothing was written.", null, e);
        }
    }

    /// <summary>
    /// The header declares every file's size up front, so the limits on the entry count, the total and
    /// the ratio to the archive's length apply to the whole archive before anything is written
    /// (<c>limit-exceeded</c>).
    /// </summary>
    public static void CheckDeclaredSizes(IReadOnlyList<IArchiveEntry> entries, long archiveLength, ArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        if (entries.Count > options.MaxEntries)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The 7z archive lists {entries.Count} entries, more than Archive:MaxEntries ({options.MaxEntries}); nothing was written."));
        }

        var declared = entries.Where(e => !e.IsDirectory).Sum(e => Math.Max(e.Size, 0));
        if (declared > options.MaxTotalUncompressedBytes)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The 7z archive's files declare {declared} bytes, more than Archive:MaxTotalUncompressedBytes ({options.MaxTotalUncompressedBytes}); nothing was written."));
        }

        if (declared > (long)options.MaxCompressionRatio * Math.Max(archiveLength, 1))
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.LimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The 7z archive's files declare {declared} bytes from {archiveLength} archive bytes, above Archive:MaxCompressionRatio ({options.MaxCompressionRatio}:1); nothing was written."));
        }
    }

    /// <summary>Why an entry is never written (its note code and reason), or null for a file or folder.</summary>
    public static (string Code, string Reason)? Skip(IEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry is SevenZipArchiveEntry { IsAnti: true })
        {
            return (EntryNoteCodes.Skipped, "a 7z anti-item (it marks a deletion in an update): never written");
        }

        var attributes = (entry as SharpCompress.Common.SevenZip.SevenZipEntry)?.ExtendedAttrib ?? entry.Attrib ?? 0;
        if ((attributes & UnixExtension) != 0)
        {
            switch ((attributes >>> 16) & UnixTypeMask)
            {
                case UnixSymlink:
                    return (EntryNoteCodes.Symlink, "a symbolic link: never followed or written");
                case 0 or UnixRegular or UnixDirectory:
                    break;
                case var type:
                    return (EntryNoteCodes.SpecialFile, string.Create(CultureInfo.InvariantCulture, $"a special file (Unix type 0{type >> 12:o}: device, FIFO or socket): never written"));
            }
        }

        return (attributes & WindowsReparsePoint) != 0 && !entry.IsDirectory
            ? (EntryNoteCodes.Symlink, "a Windows reparse point (symbolic link or junction): never followed or written")
            : null;
    }

    /// <summary>What SharpCompress's 7z decoders throw on data they cannot decode (or a key that does not fit).</summary>
    public static bool IsDecoderFailure(Exception e) => e is SharpCompressException or InvalidDataException or IndexOutOfRangeException;
}
