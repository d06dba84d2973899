namespace OssUnzip.Function.Archive.Writing;

/// <summary>What a completed write pass did.</summary>
public sealed record WriteResult(int ObjectsWritten, long BytesWritten, int GetRequests, int PutRequests);
