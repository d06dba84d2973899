namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// One shard of a job: the planned writes [<paramref name="First"/>, <paramref name="First"/> + <paramref name="Count"/>)
/// of an <see cref="ExpansionPlan"/>, in archive order, with the bytes they read and write.
/// </summary>
public sealed record ShardRange(int Index, int First, int Count, long CompressedBytes, long UncompressedBytes);
