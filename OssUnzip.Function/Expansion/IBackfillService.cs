namespace OssUnzip.Function.Expansion;

/// <summary>Starts backfill runs and reports their progress (<see cref="BackfillService"/>).</summary>
public interface IBackfillService
{
    /// <returns>The new run's progress, or null when no rule takes <paramref name="bucket"/>.</returns>
    BackfillProgress? Start(string bucket, string prefix);

    /// <returns>The run's progress, or null when this process knows no run of that id.</returns>
    BackfillProgress? Get(string id);

    /// <summary>Waits until the run ends; null for an unknown id.</summary>
    Task<BackfillProgress?> WaitAsync(string id, CancellationToken cancellationToken);
}
