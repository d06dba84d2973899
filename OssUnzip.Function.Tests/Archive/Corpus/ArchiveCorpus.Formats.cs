using System.Text;
using OssUnzip.Function.Archive.Entries;

namespace OssUnzip.Function.Tests.Archive.Corpus;

internal static partial class ArchiveCorpus
{
    private static readonly byte[] s_stub = Encoding.ASCII.GetBytes("#!/bin/sh\necho 'self-extractor stub'\nexit 0\n" + new string('#', 200) + "\n");

    private static IEnumerable<CorpusCase> FormatCases()
    {
        var basicTree = new Dictionary<string, byte[]>
        {
            ["docs/readme.txt"] = Compressible("readme"),
            ["docs/empty.txt"] = [],
            ["data.csv"] = Compressible("csv"),
        };

        yield return new CorpusCase(
            "infozip-deflate",
            "Info-ZIP zip 3.0",
            "Plain Deflate archive with folders and an empty file",
            async (w, path, ct) => await ZipTreeAsync(w, w.CreateTree("deflate", basicTree), path, ct),
            () => Expands(basicTree),
            listing => That(listing.Entries.Any(e => e.CompressionMethod == EntrySupport.Deflate), "Deflate entries"));

        yield return new CorpusCase(
            "infozip-stored",
            "Info-ZIP zip 3.0 -0",
            "Stored (method 0) entries",
            async (w, path, ct) => await ZipTreeAsync(w, w.CreateTree("stored", basicTree), path, ct, "-0"),
            () => Expands(basicTree),
            listing => That(listing.Entries.All(e => e.CompressionMethod == EntrySupport.Stored), "only Stored entries"));

        yield return SevenZipMethodCase("7z-deflate64", "Deflate64", EntrySupport.Deflate64, supported: true);
        yield return SevenZipMethodCase("7z-bzip2", "BZip2", 12, supported: true);
        yield return SevenZipMethodCase("7z-lzma", "LZMA", 14, supported: true);
        yield return SevenZipMethodCase("7z-ppmd", "PPMd", 98, supported: true);
        yield return SevenZipMethodCase("7z-xz", "XZ", 95, supported: true);

        yield return new CorpusCase(
            "7z-mixed-methods",
            "7-Zip (p7zip-full), updated with a second method",
            "One Deflate entry read by ZipArchive and one bzip2 entry read by SharpCompress, in one archive",
            async (w, path, ct) =>
            {
                var tree = w.CreateTree("mixed", new Dictionary<string, byte[]>
                {
                    ["good.txt"] = Compressible("good"),
                    ["bad.txt"] = Compressible("bad"),
                });
                await w.RunAsync("7z", tree, ["a", "-tzip", "-bd", "-mm=Deflate", path, "good.txt"], cancellationToken: ct);
                await w.RunAsync("7z", tree, ["a", "-tzip", "-bd", "-mm=BZip2", path, "bad.txt"], cancellationToken: ct);
            },
            () => Expands(("good.txt", Compressible("good")), ("bad.txt", Compressible("bad"))),
            listing => That(
                listing.Entries.Select(e => e.CompressionMethod).Order().SequenceEqual(new ushort[] { 8, 12 }),
                "methods 8 and 12"));

        yield return EncryptedCase("7z-aes256", "7-Zip (p7zip-full) -mem=AES256", ["-pSecret", "-mem=AES256"], sevenZip: true);
        yield return EncryptedCase("7z-zipcrypto", "7-Zip (p7zip-full) -mem=ZipCrypto", ["-pSecret", "-mem=ZipCrypto"], sevenZip: true);
        yield return EncryptedCase("infozip-zipcrypto", "Info-ZIP zip 3.0 -P", ["-P", "Secret"], sevenZip: false);

        var streamed = new Dictionary<string, byte[]>
        {
            ["streamed/one.txt"] = Compressible("one"),
            ["streamed/two.txt"] = Text("two\n"),
        };

        yield return new CorpusCase(
            "csharp-data-descriptors",
            "System.IO.Compression ZipArchive over a forward-only stream (relied on: bit 3 and data descriptors)",
            "Entries written by a streaming writer: sizes and CRC follow the data",
            (w, path, ct) => WriteWithZipArchiveAsync(path, streamed.Select(e => (e.Key, e.Value, (int?)null)), ct, forwardOnly: true),
            () => Expands(streamed),
            listing => That(listing.Entries.All(e => e.HasDataDescriptor), "bit 3 on every entry"));

        yield return new CorpusCase(
            "python-data-descriptors",
            "CPython zipfile over an unseekable stream (relied on: bit 3 and data descriptors)",
            "Streaming writer from a second implementation",
            (w, path, ct) => w.WritePythonZipAsync(path, streamed.Select(e => new PythonEntry(e.Key, e.Value)), ct, stream: true),
            () => Expands(streamed),
            listing => That(listing.Entries.All(e => e.HasDataDescriptor), "bit 3 on every entry"));

        yield return new CorpusCase(
            "csharp-archive-comment",
            "System.IO.Compression ZipArchive",
            "An archive comment (with non-ASCII text) after the end record",
            (w, path, ct) => WriteWithZipArchiveAsync(path, [("commented.txt", Text("c\n"), null)], ct, comment: "Built for the OssUnzip corpus — 注释"),
            () => Expands(("commented.txt", Text("c\n"))),
            listing => That(listing.Comment.Length > 0, "a comment"));

        yield return new CorpusCase(
            "infozip-archive-comment",
            "Info-ZIP zip 3.0 -z (comment read from standard input)",
            "An archive comment from a second writer",
            async (w, path, ct) => await w.RunAsync(
                "zip",
                w.CreateTree("comment", new Dictionary<string, byte[]> { ["c.txt"] = Text("c\n") }),
                ["-q", "-z", path, "c.txt"],
                "A comment written by Info-ZIP\nover two lines\n",
                ct),
            () => Expands(("c.txt", Text("c\n"))),
            listing => That(listing.Comment.Length > 0, "a comment"));

        yield return new CorpusCase(
            "infozip-sfx-adjusted",
            "Info-ZIP zip 3.0 -A after prepending a stub (relied on: -A rewrites offsets to count the stub)",
            "A self-extractor: stub bytes before the archive, offsets adjusted",
            async (w, path, ct) =>
            {
                var tree = w.CreateTree("sfx", new Dictionary<string, byte[]> { ["payload.txt"] = Compressible("payload") });
                var plain = Path.Combine(w.Root, "sfx-plain.zip");
                await w.RunAsync("zip", tree, ["-q", plain, "payload.txt"], cancellationToken: ct);
                await File.WriteAllBytesAsync(path, [.. s_stub, .. await File.ReadAllBytesAsync(plain, ct)], ct);
                await w.RunAsync("zip", tree, ["-q", "-A", path], cancellationToken: ct);
            },
            () => Expands(("payload.txt", Compressible("payload"))),
            listing => That(listing.PrependedBytes == 0 && listing.Entries[0].LocalHeaderOffset == s_stub.Length, "offsets count the stub"));

        yield return new CorpusCase(
            "csharp-prepended-unadjusted",
            "System.IO.Compression ZipArchive, then stub bytes prepended by concatenation",
            "Bytes before the archive that its offsets do not count (cat stub a.zip); Info-ZIP unzip accepts these",
            async (w, path, ct) =>
            {
                var plain = Path.Combine(w.Root, "prepended-plain.zip");
                await WriteWithZipArchiveAsync(plain, [("payload.txt", Compressible("payload"), null)], ct);
                await File.WriteAllBytesAsync(path, [.. s_stub, .. await File.ReadAllBytesAsync(plain, ct)], ct);
            },
            () => Expands(("payload.txt", Compressible("payload"))),
            listing => That(listing.PrependedBytes == s_stub.Length, "offsets ignore the stub"));

        yield return new CorpusCase(
            "csharp-empty-archive",
            "System.IO.Compression ZipArchive",
            "Zero entries: success, nothing written",
            (w, path, ct) => WriteWithZipArchiveAsync(path, [], ct),
            () => Expands(),
            listing => That(listing.Entries.Count == 0, "no entries"));

        yield return new CorpusCase(
            "python-empty-archive",
            "CPython zipfile",
            "Zero entries from a second writer",
            (w, path, ct) => w.WritePythonZipAsync(path, [], ct),
            () => Expands(),
            listing => That(listing.Entries.Count == 0, "no entries"));

        yield return new CorpusCase(
            "infozip-zip64-forced",
            "Info-ZIP zip 3.0 -fz (relied on: writes ZIP64 end records and extra fields for a small archive)",
            "ZIP64 structures on a small archive",
            async (w, path, ct) => await ZipTreeAsync(w, w.CreateTree("zip64", basicTree), path, ct, "-fz"),
            () => Expands(basicTree),
            listing => That(listing.IsZip64, "ZIP64 end records"));
    }

    private static CorpusCase SevenZipMethodCase(string id, string method, ushort methodNumber, bool supported)
    {
        var content = Compressible(method);
        return new CorpusCase(
            id,
            $"7-Zip (p7zip-full) -mm={method}",
            supported ? $"{method} (method {methodNumber}) must expand" : $"{method} (method {methodNumber}) is rejected before anything is written",
            async (w, path, ct) => await w.RunAsync(
                "7z",
                w.CreateTree(id, new Dictionary<string, byte[]> { ["data.txt"] = content }),
                ["a", "-tzip", "-bd", "-mm=" + method, path, "data.txt"],
                cancellationToken: ct),
            () => supported ? Expands(("data.txt", content)) : Unsupported(("data.txt", UnsupportedReason.CompressionMethod)),
            listing => That(listing.Entries.Single().CompressionMethod == methodNumber, $"method {methodNumber}"));
    }

    private static CorpusCase EncryptedCase(string id, string tool, string[] options, bool sevenZip) =>
        new(
            id,
            tool,
            "Encrypted entries with no Archive:Passwords (the default): rejected before anything is written (password-required), each named; passwords are tested in ZipMethodsIntegrationTests",
            async (w, path, ct) =>
            {
                var tree = w.CreateTree(id, new Dictionary<string, byte[]>
                {
                    ["secret.txt"] = Compressible("secret"),
                    ["also-secret.txt"] = Text("s\n"),
                });
                string[] arguments = sevenZip
                    ? ["a", "-tzip", "-bd", .. options, path, "secret.txt", "also-secret.txt"]
                    : ["-q", .. options, path, "secret.txt", "also-secret.txt"];
                await w.RunAsync(sevenZip ? "7z" : "zip", tree, arguments, cancellationToken: ct);
            },
            () => Rejected(ExpectedRejectionKind.PasswordRequired, "secret.txt", "also-secret.txt"),
            listing => That(listing.Entries.All(e => (e.Flags & 1) != 0), "bit 0 on every entry"));
}
