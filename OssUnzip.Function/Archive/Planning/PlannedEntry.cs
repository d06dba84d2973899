using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Archive.Planning;

/// <summary>An entry that will be written: where it comes from and the object it becomes.</summary>
internal sealed record PlannedEntry(ZipCentralEntry Entry, string Name, string Key, string ContentType);
