using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace OssUnzip.Function.Tests.Archive.Corpus;

internal static partial class ArchiveCorpus
{
    private static IEnumerable<CorpusCase> HostileCases()
    {
        yield return new CorpusCase(
            "bomb-full-overlap",
            "hand-made (RawZipRecords)",
            "Ten central directory entries share one local header and its 1 MiB-of-zeros kernel",
            (w, path, ct) => File.WriteAllBytesAsync(path, FullOverlapBomb(10), ct),
            () => Rejected(ExpectedRejectionKind.OverlappingEntries, "bomb-00.bin", "bomb-01.bin"),
            listing => That(listing.Entries.All(e => e.LocalHeaderOffset == 0), "every entry at offset 0"));

        yield return new CorpusCase(
            "bomb-quoted-overlap",
            "hand-made (RawZipRecords)",
            "Fifield-style overlap with Stored entries: each entry's data quotes all following local headers and the kernel",
            (w, path, ct) => File.WriteAllBytesAsync(path, QuotedOverlapBomb(8), ct),
            () => Rejected(ExpectedRejectionKind.OverlappingEntries, "quoted-0.bin", "quoted-1.bin"),
            listing => That(listing.Entries.Count == 8 && listing.Entries[0].CompressedSize > listing.Entries[1].LocalHeaderOffset, "data ranges overlap"));

        yield return new CorpusCase(
            "truncated-archive",
            "Info-ZIP zip 3.0, then cut to half its length",
            "An upload cut short: no end record",
            async (w, path, ct) =>
            {
                await ZipTreeAsync(w, w.CreateTree("truncated", new Dictionary<string, byte[]> { ["big.txt"] = Compressible("truncated"), ["more.txt"] = Compressible("more") }), path, ct);
                var bytes = await File.ReadAllBytesAsync(path, ct);
                await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)], ct);
            },
            () => Rejected(ExpectedRejectionKind.NotAZip),
            checkTraits: null);

        yield return new CorpusCase(
            "bad-central-directory-offset",
            "System.IO.Compression ZipArchive, then the end record's directory offset pointed past the end",
            "End record present, central directory outside the file",
            async (w, path, ct) =>
            {
                await WriteWithZipArchiveAsync(path, [("a.txt", Text("a\n"), null)], ct);
                var bytes = await File.ReadAllBytesAsync(path, ct);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16), 0x7FFF_0000);
                await File.WriteAllBytesAsync(path, bytes, ct);
            },
            () => Rejected(ExpectedRejectionKind.CorruptCentralDirectory),
            checkTraits: null);

        yield return new CorpusCase(
            "not-a-zip-text",
            "plain text",
            "A text file named .zip",
            (w, path, ct) => File.WriteAllTextAsync(path, "This is not a ZIP archive, just text.\n", ct),
            () => Rejected(ExpectedRejectionKind.NotAZip),
            checkTraits: null);

        yield return new CorpusCase(
            "not-a-zip-gzip",
            "System.IO.Compression GZipStream",
            "A gzip file named .zip",
            async (w, path, ct) =>
            {
                await using var file = File.Create(path);
                await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
                await gzip.WriteAsync(Compressible("gzip"), ct);
            },
            () => Rejected(ExpectedRejectionKind.NotAZip),
            checkTraits: null);

        yield return new CorpusCase(
            "empty-file",
            "zero bytes",
            "An empty object named .zip",
            (w, path, ct) => File.WriteAllBytesAsync(path, [], ct),
            () => Rejected(ExpectedRejectionKind.NotAZip),
            checkTraits: null);

        yield return new CorpusCase(
            "crc-mismatch",
            "hand-made (RawZipRecords)",
            "A Stored entry whose data does not match its CRC, after a good entry: the run fails naming it",
            (w, path, ct) => File.WriteAllBytesAsync(path, LyingArchive(lieAboutCrc: true), ct),
            () => Rejected(ExpectedRejectionKind.EntryDataCorrupt, "liar.txt"),
            listing => That(listing.Entries.Count == 2, "two entries"));

        yield return new CorpusCase(
            "size-understated",
            "hand-made (RawZipRecords)",
            "A Deflate entry that inflates to 1 MiB but declares 1000 bytes, after a good entry: the run fails naming it",
            (w, path, ct) => File.WriteAllBytesAsync(path, LyingArchive(lieAboutCrc: false), ct),
            () => Rejected(ExpectedRejectionKind.EntryDataCorrupt, "liar.txt"),
            listing => That(listing.Entries[1].UncompressedSize == 1000, "declared size 1000"));
    }

    private static byte[] DeflateRaw(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return buffer.ToArray();
    }

    private static byte[] FullOverlapBomb(int entries)
    {
        var kernel = new byte[1 << 20];
        var compressed = DeflateRaw(kernel);
        var crc = Crc32.HashToUInt32(kernel);
        var local = RawZipRecords.LocalHeader(Encoding.ASCII.GetBytes("bomb-00.bin"), 8, crc, (uint)compressed.Length, (uint)kernel.Length);
        var directory = Enumerable.Range(0, entries)
            .SelectMany(i => RawZipRecords.CentralHeader(Encoding.ASCII.GetBytes($"bomb-{i:D2}.bin"), 8, crc, (uint)compressed.Length, (uint)kernel.Length, 0))
            .ToArray();
        var directoryOffset = (uint)(local.Length + compressed.Length);
        return [.. local, .. compressed, .. directory, .. RawZipRecords.EndOfCentralDirectory(entries, (uint)directory.Length, directoryOffset)];
    }

    /// <summary>
    /// Local headers L0..Ln-1 then a kernel K; entry i is Stored and its data is L(i+1)..L(n-1) K, so every
    /// entry's data range contains the next entry's header. Built back to front because each header
    /// carries the CRC of everything after it.
    /// </summary>
    private static byte[] QuotedOverlapBomb(int entries)
    {
        var kernel = Encoding.ASCII.GetBytes(new string('A', 64 * 1024));
        var tail = kernel;
        var headers = new byte[entries][];
        for (var i = entries - 1; i >= 0; i--)
        {
            headers[i] = RawZipRecords.LocalHeader(Encoding.ASCII.GetBytes($"quoted-{i}.bin"), 0, Crc32.HashToUInt32(tail), (uint)tail.Length, (uint)tail.Length);
            tail = [.. headers[i], .. tail];
        }

        var directory = new List<byte>();
        uint offset = 0;
        for (var i = 0; i < entries; i++)
        {
            var dataLength = (uint)(tail.Length - offset - headers[i].Length);
            var data = tail.AsSpan((int)offset + headers[i].Length);
            directory.AddRange(RawZipRecords.CentralHeader(Encoding.ASCII.GetBytes($"quoted-{i}.bin"), 0, Crc32.HashToUInt32(data), dataLength, dataLength, offset));
            offset += (uint)headers[i].Length;
        }

        return [.. tail, .. directory, .. RawZipRecords.EndOfCentralDirectory(entries, (uint)directory.Count, (uint)tail.Length)];
    }

    /// <summary>"good.txt" (honest, Stored) then "liar.txt": a wrong CRC (Stored), or a 1 MiB Deflate entry declaring 1000 bytes.</summary>
    private static byte[] LyingArchive(bool lieAboutCrc)
    {
        var good = Text("good\n");
        var goodName = Encoding.ASCII.GetBytes("good.txt");
        var liarName = Encoding.ASCII.GetBytes("liar.txt");
        var goodCrc = Crc32.HashToUInt32(good);
        var goodLocal = RawZipRecords.LocalHeader(goodName, 0, goodCrc, (uint)good.Length, (uint)good.Length);

        byte[] liarData;
        ushort method;
        uint crc;
        uint declaredSize;
        if (lieAboutCrc)
        {
            liarData = Text("these bytes do not match the CRC\n");
            method = 0;
            crc = Crc32.HashToUInt32(liarData) ^ 0x5A5A5A5A;
            declaredSize = (uint)liarData.Length;
        }
        else
        {
            var inflated = new byte[1 << 20];
            liarData = DeflateRaw(inflated);
            method = 8;
            crc = Crc32.HashToUInt32(inflated);
            declaredSize = 1000;
        }

        var liarOffset = (uint)(goodLocal.Length + good.Length);
        var liarLocal = RawZipRecords.LocalHeader(liarName, method, crc, (uint)liarData.Length, declaredSize);
        byte[] directory =
        [
            .. RawZipRecords.CentralHeader(goodName, 0, goodCrc, (uint)good.Length, (uint)good.Length, 0),
            .. RawZipRecords.CentralHeader(liarName, method, crc, (uint)liarData.Length, declaredSize, liarOffset),
        ];
        var directoryOffset = liarOffset + (uint)(liarLocal.Length + liarData.Length);
        return [.. goodLocal, .. good, .. liarLocal, .. liarData, .. directory, .. RawZipRecords.EndOfCentralDirectory(2, (uint)directory.Length, directoryOffset)];
    }
}
