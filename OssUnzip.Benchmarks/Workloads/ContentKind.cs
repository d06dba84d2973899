namespace OssUnzip.Benchmarks.Workloads;

/// <summary>What an entry's bytes look like to Deflate.</summary>
internal enum ContentKind
{
    /// <summary>Uniformly random bytes: stored almost verbatim, inflating is close to a copy.</summary>
    Incompressible,

    /// <summary>Words from a small vocabulary: deflates ~3–4:1, inflating costs real CPU.</summary>
    Text,
}
