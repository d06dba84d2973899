namespace OssUnzip.Function.Archive.Writing;

/// <summary>An entry handed to an <see cref="ISequentialEntrySink"/>: its content's CRC-32 and its upload, possibly still in flight.</summary>
internal readonly record struct SequentialWrite(uint Crc32, Task Upload);
