namespace OssUnzip.Function.Archive.Names;

/// <summary>An entry name as text, the rule that produced it and the encoding's name (for the expansion report).</summary>
internal readonly record struct DecodedEntryName(string Name, NameSource Source, string Encoding);
