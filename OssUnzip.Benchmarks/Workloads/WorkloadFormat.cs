namespace OssUnzip.Benchmarks.Workloads;

/// <summary>The container a workload's archive is written in; it decides the archive's suffix and which scenarios can read it.</summary>
internal enum WorkloadFormat
{
    /// <summary>A ZIP written with System.IO.Compression (W1, W2, W3).</summary>
    Zip,

    /// <summary>A ustar archive in one gzip stream, written with System.Formats.Tar and GZipStream (W4).</summary>
    TarGzip,
}
