namespace OssUnzip.Function.Archive.Planning;

/// <summary>What one shard may hold (<see cref="ShardPlanner"/>) and the part size objects are uploaded in.</summary>
/// <param name="ShardBytes">Target bytes per shard, compressed and uncompressed alike; an entry this large is a shard of its own.</param>
/// <param name="ShardEntries">Target entries per shard.</param>
/// <param name="PartSizeBytes">Archive:PartSizeBytes: an object of more than 10,000 such parts cannot be uploaded.</param>
public sealed record ShardLimits(long ShardBytes, int ShardEntries, int PartSizeBytes);
