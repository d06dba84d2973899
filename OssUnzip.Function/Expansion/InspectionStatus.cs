namespace OssUnzip.Function.Expansion;

/// <summary>How an inspection ended; the HTTP layer maps each to a status.</summary>
public enum InspectionStatus
{
    Inspected,
    Rejected,
    BucketNotAllowed,
    NotAnArchive,
    Missing,
}
