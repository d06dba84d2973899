namespace OssUnzip.Benchmarks.Workloads;

/// <summary>One entry of a generated archive; <see cref="Seed"/> makes its content reproducible.</summary>
internal sealed record EntrySpec(string Name, long Size, ContentKind Kind, int Seed);
