namespace OssUnzip.Function.Tests.Deployment;

/// <summary>
/// The fixed upper limits of the hops between EventBridge and the pod (docs/facts.md §13): no
/// timeout configured in the repository may exceed the ceiling of the hop that has to hold it.
/// </summary>
internal static class HopCeilings
{
    /// <summary>CLB TCP listener idle timeout (EstablishedTimeout), 10-900 s: the SLB in front of the NGINX ingress.</summary>
    public static readonly TimeSpan ClbTcpIdle = TimeSpan.FromSeconds(900);

    /// <summary>ALB listener RequestTimeout, at most 180 s: why ALB is not offered for this path.</summary>
    public static readonly TimeSpan AlbRequest = TimeSpan.FromSeconds(180);

    /// <summary>Knative config-defaults max-revision-timeout-seconds when left at its default.</summary>
    public static readonly TimeSpan KnativeMaxRevisionTimeout = TimeSpan.FromSeconds(600);

    /// <summary>How long a push waits for the answer: the open-source EventBridge HTTP sink's default (docs/facts.md §3).</summary>
    public static readonly TimeSpan PushWait = TimeSpan.FromSeconds(3);

    /// <summary>Go durations as the KEDA HTTP add-on takes them; only the s/m/h forms used here.</summary>
    public static TimeSpan GoDuration(string value)
    {
        var amount = double.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return value[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => throw new FormatException($"unsupported duration '{value}'"),
        };
    }
}
