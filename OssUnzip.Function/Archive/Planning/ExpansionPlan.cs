namespace OssUnzip.Function.Archive.Planning;

/// <summary>What expanding an archive will do, decided from its central directory alone.</summary>
/// <param name="Writes">Entries to write, in the order their data lies in the archive.</param>
internal sealed record ExpansionPlan(IReadOnlyList<PlannedEntry> Writes, IReadOnlyList<EntryNote> Skipped, IReadOnlyList<EntryNote> Renamed, int Directories)
{
    /// <summary>How the entry names were decoded, one note per group (see <see cref="Names.NameEncodingNote"/>).</summary>
    public IReadOnlyList<Names.NameEncodingNote> NameEncodings { get; init; } = [];

    public long TotalBytes => Writes.Sum(w => w.Entry.UncompressedSize);
}
