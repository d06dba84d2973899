using System.Globalization;

namespace OssUnzip.Benchmarks.Workloads;

/// <summary>
/// What a generated archive holds: every entry's name, size and XxHash128, written beside the archive
/// (one tab-separated line per entry) so child processes and the verifier need not regenerate it.
/// </summary>
internal sealed record Manifest(IReadOnlyList<ManifestEntry> Entries)
{
    public long TotalBytes => Entries.Sum(e => e.Size);

    public static string PathFor(string archivePath) => archivePath + ".manifest";

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var lines = Entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Name}\t{e.Size}\t{e.Hash}"));
        await File.WriteAllLinesAsync(path, lines, cancellationToken);
    }

    public static async Task<Manifest> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var entries = new List<ManifestEntry>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            var fields = line.Split('\t');
            entries.Add(new ManifestEntry(fields[0], long.Parse(fields[1], CultureInfo.InvariantCulture), fields[2]));
        }

        return new Manifest(entries);
    }
}
