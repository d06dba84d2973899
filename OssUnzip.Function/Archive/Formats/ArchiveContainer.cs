namespace OssUnzip.Function.Archive.Formats;

/// <summary>The container an archive's bytes hold (see <see cref="ArchiveFormat"/>).</summary>
public enum ArchiveContainer
{
    Zip,
    Tar,

    /// <summary>One compressed file and nothing else (<c>x.txt.gz</c>).</summary>
    SingleFile,

    /// <summary>A 7z archive: its header at the end, its files in folders (solid blocks) decoded front to back.</summary>
    SevenZip,
}
