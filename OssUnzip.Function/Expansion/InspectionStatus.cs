namespace OssUnzip.Function.Expansion;

/// <summary>How an inspection ended; the HTTP layer maps each to a status.</summary>
public enum InspectionStatus
{
    Inspected,
    Rejected,

    /// <summary>A format read front to back (tar, gzip): no directory to list without reading it all.</summary>
    NoDirectory,
    BucketNotAllowed,
    NotAnArchive,
    Missing,
}
