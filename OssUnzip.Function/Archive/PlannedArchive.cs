using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>An archive version whose central directory was read and whose entries are planned; nothing written yet.</summary>
internal sealed record PlannedArchive(ArchiveSource Source, string OutputFolder, ZipLayout Layout, ExpansionPlan Plan, int DirectoryRequests, DateTimeOffset StartedAt);
