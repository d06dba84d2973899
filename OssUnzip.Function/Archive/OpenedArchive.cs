using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// An archive version whose first bytes were read and whose format is decided; nothing planned or
/// written yet. <paramref name="Requests"/> counts the head's GETs; <paramref name="Started"/> is the
/// <see cref="TimeProvider"/> timestamp the expansion's duration is measured from.
/// </summary>
internal sealed record OpenedArchive(
    ArchiveSource Source,
    ArchiveFormat Format,
    ReadOnlyMemory<byte> Head,
    int Requests,
    DateTimeOffset StartedAt,
    long Started)
{
    /// <summary>True for a ZIP: planned ahead from its central directory, so it may become a job.</summary>
    public bool IsZip => Format.Container == ArchiveContainer.Zip;
}
