namespace OssUnzip.Function.Storage;

/// <summary>A part of a multipart upload, as the store acknowledged it.</summary>
public sealed record UploadedPart(int PartNumber, string ETag);
