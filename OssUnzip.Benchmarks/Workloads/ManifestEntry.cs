namespace OssUnzip.Benchmarks.Workloads;

/// <summary>One entry as generated: its name in the archive, its size and its content hash (hex XxHash128).</summary>
internal sealed record ManifestEntry(string Name, long Size, string Hash);
