namespace OssUnzip.Function.Storage;

/// <summary>The length and ETag of one version of an object, as HEAD reported it.</summary>
public sealed record ObjectVersion(long Length, string ETag);
