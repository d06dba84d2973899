namespace OssUnzip.Function.Archive.SevenZip;

/// <summary>
/// A 7z header read whole (<see cref="SevenZipHeaderReader.ReadLayout"/>): where the packed streams
/// start (<see cref="PackPosition"/>, from the end of the 32-byte signature header), their sizes in
/// order, the folders (each using the next <see cref="SevenZipLayoutFolder.PackStreams"/> of them) and
/// the files in header order.
/// </summary>
internal sealed record SevenZipLayout(long PackPosition, IReadOnlyList<long> PackSizes, IReadOnlyList<SevenZipLayoutFolder> Folders, IReadOnlyList<SevenZipLayoutFile> Files);

/// <summary>
/// One folder (solid block): its definition as the header encodes it (coders, bind pairs, packed-stream
/// indices, copied as is), its first packed stream, how many it reads, every coder output's size, the
/// main output's size, and the files (substreams) it decodes to, in order.
/// </summary>
internal sealed record SevenZipLayoutFolder(ReadOnlyMemory<byte> Definition, int FirstPackStream, int PackStreams, IReadOnlyList<long> UnpackSizes, long UnpackSize, IReadOnlyList<SevenZipLayoutStream> Streams)
{
    /// <summary>The sum of its packed streams' sizes.</summary>
    public long PackedBytes { get; init; }
}

/// <summary>One file's data in a folder: its size and CRC-32 (null when the header declares none).</summary>
internal sealed record SevenZipLayoutStream(long Size, uint? Crc);

/// <summary>
/// One file as the header lists it. <see cref="Folder"/> is the folder holding its data, -1 for a file
/// without data (an empty file, a directory, an anti-item); <see cref="Owner"/> is the folder a shard
/// plan places it with (its own, else the next file with data's, else the last folder).
/// <see cref="IsEmptyFile"/> tells an empty file from a directory among the files without data.
/// </summary>
internal sealed record SevenZipLayoutFile(string Name, int Folder, long Size, uint? Crc, bool IsEmptyFile, bool IsAnti, ulong? ModifiedTime, uint? Attributes)
{
    public int Owner { get; init; }

    public bool HasData => Folder >= 0;
}
