namespace OssUnzip.Function.Archive.Planning;

/// <summary>An entry that was skipped or renamed, and why; listed in the report.</summary>
/// <param name="Entry">The entry's name as decoded from the archive.</param>
/// <param name="Key">The object key it was written to, when it was written.</param>
public sealed record EntryNote(string Entry, string Reason, string? Key = null);
