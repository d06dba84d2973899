using System.IO.Compression;
using System.Text;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// The writer's read path without storage: the directory reader, one <see cref="BatchArchiveView"/> over
/// every entry in local-header order, ZipArchive over it (our <see cref="ZipEntryDecoder"/> over the stored
/// bytes for the methods ZipArchive cannot read), and the declared size and CRC-32 checks of
/// <see cref="EntryContentReader"/>. Records, per entry, the archive position the first data byte was
/// read from while that entry was being read.
/// </summary>
internal static class ViewPipeline
{
    public static async Task<ViewReading> ReadAsync(byte[] archive)
    {
        var source = new MemoryStream(archive, writable: false);
        var layout = await ZipDirectoryReader.ReadAsync(source, 100_000, 1 << 28, CancellationToken.None);
        var offsets = layout.Entries.Select(e => e.LocalHeaderOffset).Order().ToArray();
        var entries = layout.Entries.OrderBy(e => e.LocalHeaderOffset).ToList();
        var limits = entries.Select(e => ArchiveBatch.LimitOf(e.LocalHeaderOffset, offsets, layout.CentralDirectoryOffset)).ToList();
        var firstReads = new Dictionary<int, long>();
        var contents = new Dictionary<int, byte[]>();
        var current = -1;
        var view = new BatchArchiveView(source, layout.PrefixLength, entries, limits, layout.CentralDirectoryOffset, dataRead: (i, declared) =>
        {
            // ZipArchive's backward search for the end record also reads through data; only reads made
            // while an entry is being read are that entry's.
            if (i == current)
            {
                firstReads.TryAdd(entries[i].Index, declared + layout.PrefixLength);
            }
        });
        await using (view)
        {
            var zip = await ZipArchive.CreateAsync(view, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, CancellationToken.None);
            await using (zip)
            {
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    current = i;
                    var name = Encoding.UTF8.GetString(entry.RawName.Span);
                    // As the writer does: ZipArchive for what it reads, our decoder over the stored bytes for the rest.
                    await using var decoded = ZipEntryCoding.Of(entry).ReadByZipArchive
                        ? null
                        : await ZipEntryDecoder.OpenAsync(entry, name, view.OpenStoredData(i), ZipPasswordAttempt.NoPasswords, maxDictionaryBytes: 1L << 30, CancellationToken.None);
                    await using var content = decoded is null ? await zip.Entries[i].OpenAsync(CancellationToken.None) : decoded.Content;
                    var reader = new EntryContentReader(content, name, entry.UncompressedSize, decoded is null ? entry.Crc32 : decoded.Crc32);
                    var bytes = new byte[entry.UncompressedSize];
                    await reader.FillAsync(bytes, CancellationToken.None);
                    if (entry.UncompressedSize == 0)
                    {
                        // FillAsync checks the end only once it has filled something; an empty entry must still be empty.
                        Assert.That(await content.ReadAsync(new byte[1]), Is.Zero, name);
                    }

                    contents[entry.Index] = bytes;
                }
            }
        }

        return new ViewReading(layout, contents, firstReads);
    }
}
