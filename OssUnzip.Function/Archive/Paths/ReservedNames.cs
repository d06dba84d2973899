namespace OssUnzip.Function.Archive.Paths;

/// <summary>Path segments no archive entry may occupy, at any depth: the service keeps its own records there.</summary>
public static class ReservedNames
{
    /// <summary>The folder under each output folder that holds the service's own records (manifest, rejection, job).</summary>
    public const string RecordsFolder = ".ossunzip";
}
