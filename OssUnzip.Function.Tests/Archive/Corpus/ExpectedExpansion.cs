namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// Success. <see cref="Objects"/> maps each path below the output folder (<c>unzip/&lt;name&gt;/</c>) to its
/// exact bytes and is the complete set: nothing else may be written. <see cref="Skips"/> and
/// <see cref="Renames"/> are what the report must list, by decoded entry name; <see cref="RenameCodes"/>
/// the code some of those renames must carry; <see cref="NameEncodings"/>, when set, the report's
/// groups of names (encoding web name, guessed, entry count).
/// </summary>
internal sealed record ExpectedExpansion(
    IReadOnlyDictionary<string, ExpectedContent> Objects,
    IReadOnlyList<ExpectedSkip> Skips,
    IReadOnlyDictionary<string, string> Renames) : ExpectedOutcome
{
    public IReadOnlyDictionary<string, string> RenameCodes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<(string Encoding, bool Guessed, int Entries)>? NameEncodings { get; init; }
}
