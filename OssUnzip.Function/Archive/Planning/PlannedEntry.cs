using OssUnzip.Function.Archive.Zip;

namespace OssUnzip.Function.Archive.Planning;

/// <summary>
/// An entry that will be written: where it comes from and the object it becomes. The key is built when
/// asked for rather than stored: a plan holds up to Archive:MaxEntries of these for the whole expansion,
/// and the output folder is the same for all of them.
/// </summary>
/// <param name="Name">The entry's decoded name, as reported in notes and errors.</param>
/// <param name="OutputFolder">The key prefix every object of this expansion goes under, ending in '/'.</param>
/// <param name="RelativePath">The sanitized path below <paramref name="OutputFolder"/>.</param>
internal sealed record PlannedEntry(ZipCentralEntry Entry, string Name, string OutputFolder, string RelativePath, string ContentType)
{
    public string Key => string.Concat(OutputFolder, RelativePath);
}
