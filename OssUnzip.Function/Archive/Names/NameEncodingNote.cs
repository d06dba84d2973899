namespace OssUnzip.Function.Archive.Names;

/// <summary>
/// How one group of an archive's entry names was decoded, listed in the report: every name decoded by
/// the same rule (<see cref="Code"/>, one of <see cref="NameEncodingNoteCodes"/>) and encoding is one
/// group. <see cref="Guessed"/> is true when nothing in the archive declared the encoding.
/// </summary>
/// <param name="Code">Which rule decided.</param>
/// <param name="Encoding">The encoding's web name (<c>utf-8</c>, <c>shift_jis</c>, <c>ibm437</c>...).</param>
/// <param name="Entries">How many entry names (files, folders, skipped entries alike) the group holds.</param>
/// <param name="Example">The first such name, decoded.</param>
/// <param name="Reason">For a guess, what the guess rests on.</param>
public sealed record NameEncodingNote(string Code, string Encoding, int Entries, string Example, string? Reason = null)
{
    public bool Guessed => Code == NameEncodingNoteCodes.Detected;
}
