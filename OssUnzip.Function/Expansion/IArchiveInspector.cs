namespace OssUnzip.Function.Expansion;

/// <summary>Answers what an expansion would do with an archive, reading only its directory (<see cref="ArchiveInspector"/>).</summary>
public interface IArchiveInspector
{
    /// <param name="cursor">The index of the first entry of the page (0, or a previous page's NextCursor).</param>
    /// <param name="limit">How many entries the page holds at most.</param>
    Task<InspectionOutcome> InspectAsync(string bucket, string key, int cursor, int limit, CancellationToken cancellationToken);
}
