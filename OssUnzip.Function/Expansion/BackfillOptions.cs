namespace OssUnzip.Function.Expansion;

/// <summary>Backfill runs (POST /api/backfill). Bound from the "Backfill" section.</summary>
public sealed class BackfillOptions
{
    public const string SectionName = "Backfill";

    /// <summary>Archives of one backfill expanded at once. Default 4; 1 to 64.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Finished runs kept for GET /api/backfill/{id}, oldest dropped first. Default 100.</summary>
    public int KeepFinishedRuns { get; set; } = 100;
}
