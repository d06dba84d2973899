using System.Globalization;
using System.IO.Hashing;
using OssUnzip.Benchmarks.Store;
using OssUnzip.Benchmarks.Workloads;
using OssUnzip.Function.Archive.Paths;
using OssUnzip.S3rver;

namespace OssUnzip.Benchmarks.Reporting;

/// <summary>
/// Checks what a scenario left in the store against the manifest: exactly the expected keys, each
/// with the expected size and XxHash128 over all its bytes. Reads the bytes s3rver stored (the bytes a
/// GET returns) straight from its data directory, so checking 4 GiB costs a disk read, not 70,000 GETs.
/// </summary>
internal static class OutputVerifier
{
    /// <summary>
    /// The service's own records (the manifest; for a job also its record and the shards' progress and
    /// done records), written beside the entries; no entry is ever written there.
    /// </summary>
    private const string RecordsFolder = ReservedNames.RecordsFolder + "/";

    public static async Task<(bool Ok, string Summary)> VerifyAsync(S3rverProcess server, string bucket, string prefix, Manifest manifest, bool contentToo, CancellationToken cancellationToken)
    {
        var stored = server.EnumerateObjects(bucket, prefix).ToDictionary(o => o.RelativeKey, o => o.Path, StringComparer.Ordinal);
        foreach (var record in stored.Keys.Where(k => k.StartsWith(RecordsFolder, StringComparison.Ordinal)).ToList())
        {
            stored.Remove(record);
        }
        var problems = new List<string>();
        var checkedCount = 0;
        var buffer = new byte[1 << 20];
        foreach (var entry in manifest.Entries)
        {
            if (!stored.Remove(entry.Name, out var path))
            {
                problems.Add("missing " + entry.Name);
                continue;
            }

            var length = new FileInfo(path).Length;
            if (length != entry.Size)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{entry.Name}: {length} bytes, expected {entry.Size}"));
                continue;
            }

            if (contentToo)
            {
                var hash = new XxHash128();
                var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
                await using (file)
                {
                    int read;
                    while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        hash.Append(buffer.AsSpan(0, read));
                    }
                }

                if (Convert.ToHexStringLower(hash.GetCurrentHash()) != entry.Hash)
                {
                    problems.Add(entry.Name + ": content differs");
                    continue;
                }
            }

            checkedCount++;
        }

        var unexpected = stored.Count;
        problems.AddRange(stored.Keys.Take(3).Select(k => "unexpected " + k));
        if (problems.Count == 0)
        {
            var what = contentToo ? "bytes" : "sizes";
            return (true, string.Create(CultureInfo.InvariantCulture, $"all {checkedCount:N0} ({what})"));
        }

        return (false, string.Create(CultureInfo.InvariantCulture, $"{problems.Count + Math.Max(0, unexpected - 3)} wrong, e.g. {string.Join("; ", problems.Take(3))}"));
    }
}
