namespace OssUnzip.Function.Archive.Formats;

/// <summary>The container an archive's bytes hold (see <see cref="ArchiveFormat"/>).</summary>
public enum ArchiveContainer
{
    Zip,
    Tar,

    /// <summary>One compressed file and nothing else (<c>x.txt.gz</c>).</summary>
    SingleFile,
}
