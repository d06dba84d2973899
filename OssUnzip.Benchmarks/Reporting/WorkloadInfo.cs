namespace OssUnzip.Benchmarks.Reporting;

/// <summary>A generated workload as the report describes it.</summary>
internal sealed record WorkloadInfo(string Id, string Description, long ArchiveBytes, long TotalBytes, int Entries, double GenerateSeconds);
