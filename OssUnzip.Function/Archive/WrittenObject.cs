namespace OssUnzip.Function.Archive;

/// <summary>An object an expansion wrote, with the size and CRC-32 its bytes were verified against.</summary>
public sealed record WrittenObject(string Key, long Size, uint Crc32);
