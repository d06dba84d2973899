namespace OssUnzip.Function.Archive.Planning;

/// <summary>An entry that was skipped or renamed, and why; listed in the report and the manifest.</summary>
/// <param name="Entry">The entry's name as decoded from the archive.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Key">The object key it was written to, when it was written.</param>
public sealed record EntryNote(string Entry, string Reason, string? Key = null)
{
    /// <summary>Machine-readable reason, one of <see cref="EntryNoteCodes"/>.</summary>
    public string Code { get; init; } = EntryNoteCodes.Skipped;
}
