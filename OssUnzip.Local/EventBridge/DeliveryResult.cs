namespace OssUnzip.Local.EventBridge;

/// <summary>
/// Outcome of pushing one event: the last status ("200", "503", "timeout", ...) and how long each attempt
/// waited for its answer, in order (their count is the attempts made).
/// </summary>
internal sealed record DeliveryResult(bool Delivered, string Status, IReadOnlyList<TimeSpan> AttemptDurations)
{
    public int Attempts => AttemptDurations.Count;
}
