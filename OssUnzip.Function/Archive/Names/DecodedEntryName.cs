namespace OssUnzip.Function.Archive.Names;

/// <summary>An entry name as text, and the rule that produced it (for the expansion report).</summary>
internal readonly record struct DecodedEntryName(string Name, NameSource Source);
