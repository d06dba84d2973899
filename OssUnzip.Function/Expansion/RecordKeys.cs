using OssUnzip.Function.Archive.Paths;

namespace OssUnzip.Function.Expansion;

/// <summary>
/// Where the service keeps its own records about an output folder: in its <see cref="ReservedNames.RecordsFolder"/>
/// folder, which no archive entry can reach (decision 0015). An output folder that itself contains that
/// name is refused, or its files would land among another archive's records.
/// </summary>
public static class RecordKeys
{
    /// <summary>"unzip/x/" → "unzip/x/.ossunzip/".</summary>
    public static string RecordsFolderFor(string outputFolder) => outputFolder + ReservedNames.RecordsFolder + "/";

    /// <summary>"unzip/x/" → "unzip/x/.ossunzip/manifest.json".</summary>
    public static string ManifestKeyFor(string outputFolder) => RecordsFolderFor(outputFolder) + "manifest.json";

    /// <summary>"unzip/x/" → "unzip/x/.ossunzip/rejection.json".</summary>
    public static string RejectionKeyFor(string outputFolder) => RecordsFolderFor(outputFolder) + "rejection.json";

    /// <summary>"unzip/x/" → "unzip/x/.ossunzip/job.json": the output folder's current job (issue 16).</summary>
    public static string JobKeyFor(string outputFolder) => RecordsFolderFor(outputFolder) + "job.json";

    /// <summary>"unzip/x/" → "unzip/x/.ossunzip/jobs/&lt;id&gt;/": one job's own records (its create-only record, shard progress and done records).</summary>
    public static string JobFolderFor(string outputFolder, string jobId) => RecordsFolderFor(outputFolder) + "jobs/" + jobId + "/";

    /// <summary>True when a segment of <paramref name="outputFolder"/> is the records folder's name (ordinal: OSS keys are case-sensitive).</summary>
    public static bool HasReservedSegment(string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(outputFolder);
        return outputFolder.Split('/').Contains(ReservedNames.RecordsFolder, StringComparer.Ordinal);
    }
}
