namespace OssUnzip.Function.Tests.Archive.Corpus;

internal static partial class ArchiveCorpus
{
    private const int ManyEntries = 70_000;
    private const long OverFourGiB = (4L << 30) + (1 << 20);

    private static IEnumerable<CorpusCase> HeavyCases()
    {
        yield return new CorpusCase(
            "zip64-70000-entries",
            "CPython zipfile (relied on: ZIP64 end records once entries exceed 65,535)",
            "More entries than a classic end record can count",
            (w, path, ct) => w.WritePythonZipAsync(path, [], ct, generate: new { count = ManyEntries, prefix = "f/" }),
            () => Expands(Enumerable.Range(0, ManyEntries).Select(n => ($"f/{n:D6}.txt", Text($"{n}\n"))).ToArray()),
            listing => That(listing.IsZip64 && listing.Entries.Count == ManyEntries, "ZIP64 end records, 70,000 entries"),
            isHeavy: true);

        yield return new CorpusCase(
            "zip64-entry-over-4gib",
            "CPython zipfile with force_zip64 (relied on: ZIP64 sizes in the central directory)",
            "One Deflate entry of 4 GiB + 1 MiB of zeros",
            (w, path, ct) => w.WritePythonZipAsync(path, [new PythonEntry("zeros.bin", []) { ZeroBytes = OverFourGiB }], ct),
            () => new ExpectedExpansion(
                new Dictionary<string, ExpectedContent> { ["zeros.bin"] = ExpectedContent.Zeros(OverFourGiB) },
                [],
                new Dictionary<string, string>()),
            listing => That(listing.Entries.Single().UncompressedSize == OverFourGiB, "a ZIP64 size"),
            isHeavy: true);

        yield return new CorpusCase(
            "zip64-archive-over-4gib",
            "CPython zipfile (relied on: ZIP64 local-header offsets past 4 GiB)",
            "A Stored entry of 4 GiB + 1 MiB, then a small entry whose local header lies past 4 GiB (a 4 GiB file on disk)",
            (w, path, ct) => w.WritePythonZipAsync(
                path,
                [
                    new PythonEntry("zeros.bin", []) { ZeroBytes = OverFourGiB, Deflate = false },
                    new PythonEntry("after.txt", Text("after the first 4 GiB\n")),
                ],
                ct),
            () => new ExpectedExpansion(
                new Dictionary<string, ExpectedContent>
                {
                    ["zeros.bin"] = ExpectedContent.Zeros(OverFourGiB),
                    ["after.txt"] = ExpectedContent.Of("after the first 4 GiB\n"),
                },
                [],
                new Dictionary<string, string>()),
            listing => That(listing.IsZip64 && listing.Entries[1].LocalHeaderOffset > uint.MaxValue, "a ZIP64 offset"),
            isHeavy: true);
    }
}
