namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// What the central directory says about an archive. Offsets in entries are as declared; add
/// <see cref="PrefixLength"/> to get a position in the object (non-zero when a self-extractor stub or
/// other data was prepended without adjusting the offsets). <see cref="Notes"/> lists what the end
/// records got wrong about a directory that is itself sound.
/// </summary>
internal sealed record ZipLayout(IReadOnlyList<ZipCentralEntry> Entries, long CentralDirectoryOffset, long PrefixLength, long ArchiveLength)
{
    public IReadOnlyList<ArchiveNote> Notes { get; init; } = [];
}
