namespace OssUnzip.Function.Archive;

/// <summary>
/// Something about the archive as a whole that did not stop the expansion but that a reader of the report
/// should know (for example an end record that disagrees with the directory it points to).
/// </summary>
/// <param name="Code">Machine-readable, one of <see cref="ArchiveNoteCodes"/>.</param>
/// <param name="Message">What was found and what was done about it, in words.</param>
public sealed record ArchiveNote(string Code, string Message);
