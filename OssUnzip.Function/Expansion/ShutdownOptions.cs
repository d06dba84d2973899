namespace OssUnzip.Function.Expansion;

/// <summary>Graceful shutdown. Bound from the "Shutdown" section.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// After SIGTERM, in-flight expansions may finish within this many seconds before they are
    /// cancelled. Default 50; keep the pod's terminationGracePeriodSeconds above it.
    /// </summary>
    public int GracePeriodSeconds { get; set; } = 50;
}
