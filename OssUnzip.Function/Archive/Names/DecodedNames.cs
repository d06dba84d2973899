namespace OssUnzip.Function.Archive.Names;

/// <summary>Every entry's decoded name, in central directory order, and one note per group of names decoded alike.</summary>
internal sealed record DecodedNames(IReadOnlyList<DecodedEntryName> Names, IReadOnlyList<NameEncodingNote> Notes);
