namespace OssUnzip.Function.Archive.Names;

/// <summary>What a central directory record says about an entry's name: its bytes, general purpose flags and extra field.</summary>
internal readonly record struct RawEntryName(ReadOnlyMemory<byte> Bytes, ushort Flags, ReadOnlyMemory<byte> Extra);
