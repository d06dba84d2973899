namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// Where an entry of a front-to-back archive goes (see <see cref="StreamEntryPlanner"/>).
/// <see cref="Replaces"/> is the upload of an earlier entry with the same key: it must finish before
/// this one starts, so the later entry is the one that stays.
/// </summary>
internal sealed record StreamedEntry(string Name, string RelativePath, string Key, string ContentType, Task? Replaces)
{
    /// <summary>True when the entry's own name was not in composed (NFC) form and composing it changed it.</summary>
    public bool NameComposed { get; init; }
}
