namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// Success. <see cref="Objects"/> maps each path below the output folder (<c>unzip/&lt;name&gt;/</c>) to its
/// exact bytes and is the complete set: nothing else may be written. <see cref="Skips"/> and
/// <see cref="Renames"/> are what the report must list, by decoded entry name.
/// </summary>
internal sealed record ExpectedExpansion(
    IReadOnlyDictionary<string, ExpectedContent> Objects,
    IReadOnlyList<ExpectedSkip> Skips,
    IReadOnlyDictionary<string, string> Renames) : ExpectedOutcome;
