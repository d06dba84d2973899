using System.Globalization;

namespace OssUnzip.Benchmarks.Workloads;

/// <summary>
/// A generated archive: its id (W1–W4), what it stands for, its format and its entries in archive order.
/// Full sizes are the ones issues 5 and 17 name. Quick sizes keep the shapes the smoke test can afford
/// (multipart entries, many small entries); quick W3 stays under 65,535 entries, so it is not ZIP64.
/// W4 is W1's entries, the same names and bytes, as a .tar.gz (issue 17).
/// </summary>
internal sealed record WorkloadSpec(string Id, string Description, WorkloadFormat Format, IReadOnlyList<EntrySpec> Entries)
{
    public static IReadOnlyList<string> AllIds { get; } = ["W1", "W2", "W3", "W4"];

    public long TotalBytes => Entries.Sum(e => e.Size);

    /// <summary>".zip" or ".tar.gz": the archive's key is <c>zip/&lt;id&gt;&lt;suffix&gt;</c>.</summary>
    public string ArchiveSuffix => Format == WorkloadFormat.TarGzip ? ".tar.gz" : ".zip";

    public static WorkloadSpec Create(string id, bool quick) => id.ToUpperInvariant() switch
    {
        "W1" => Large("W1", WorkloadFormat.Zip, 8, quick ? 12L << 20 : 256L << 20),
        "W2" => Many(quick ? 400 : 20_000, 8 << 10),
        "W3" => Huge(quick ? 800 : 72_000, quick ? 4 << 10 : 60 << 10),
        "W4" => Large("W4", WorkloadFormat.TarGzip, 8, quick ? 12L << 20 : 256L << 20),
        _ => throw new ArgumentException($"Unknown workload '{id}' (expected W1, W2, W3 or W4).", nameof(id)),
    };

    /// <summary>Half incompressible, half text: the big-entry path (multipart, parts in flight).</summary>
    private static WorkloadSpec Large(string id, WorkloadFormat format, int count, long size)
    {
        var entries = Enumerable.Range(0, count)
            .Select(i => new EntrySpec(Invariant($"large/part-{i:00}{Extension(i)}"), size, Kind(i), 1000 + i))
            .ToList();
        var container = format == WorkloadFormat.TarGzip ? " (W1's content as .tar.gz)" : "";
        return new WorkloadSpec(id, Invariant($"{count} entries × {Size(size)}, half incompressible, half text{container}"), format, entries);
    }

    /// <summary>Small deflated text entries: the per-object path (request rate, batching).</summary>
    private static WorkloadSpec Many(int count, long size)
    {
        var entries = Enumerable.Range(0, count)
            .Select(i => new EntrySpec(Invariant($"many/d{i / 1000:000}/f{i:00000}.txt"), size, ContentKind.Text, 2000 + i))
            .ToList();
        return new WorkloadSpec("W2", Invariant($"{count:N0} deflated text entries × {Size(size)}"), WorkloadFormat.Zip, entries);
    }

    /// <summary>
    /// Half incompressible, half text. At full size: more than 65,535 entries (ZIP64 end records) adding
    /// up to more than 4 GiB uncompressed.
    /// </summary>
    private static WorkloadSpec Huge(int count, long size)
    {
        var entries = Enumerable.Range(0, count)
            .Select(i => new EntrySpec(Invariant($"huge/d{i / 1000:000}/f{i:00000}{Extension(i)}"), size, Kind(i), 3000 + i))
            .ToList();
        var zip64 = count >= ushort.MaxValue ? " (ZIP64)" : "";
        return new WorkloadSpec("W3", Invariant($"{count:N0} entries × {Size(size)}{zip64}, half incompressible, half text"), WorkloadFormat.Zip, entries);
    }

    private static ContentKind Kind(int index) => index % 2 == 0 ? ContentKind.Incompressible : ContentKind.Text;

    private static string Extension(int index) => index % 2 == 0 ? ".bin" : ".txt";

    private static string Size(long bytes) => bytes >= 1 << 20 ? Invariant($"{bytes >> 20} MiB") : Invariant($"{bytes >> 10} KiB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
