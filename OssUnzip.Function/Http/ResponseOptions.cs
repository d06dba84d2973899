namespace OssUnzip.Function.Http;

/// <summary>
/// Settings of section <c>Http</c> about answers: how a permanent failure (rejected archive, source
/// missing, source changed) is answered. EventBridge retries every non-2xx answer (docs/facts.md §3), so
/// by default those are acknowledged with 200 and the outcome in the body (decision 0016).
/// </summary>
public sealed class ResponseOptions
{
    public const string SectionName = "Http";

    /// <summary>200 with the outcome in the body: EventBridge stops.</summary>
    public const string Acknowledge = "acknowledge";

    /// <summary>422 / 404 / 409: the delivery shows as failed in EventBridge's trace, and is retried.</summary>
    public const string ClientError = "client-error";

    /// <summary><see cref="Acknowledge"/> (default) or <see cref="ClientError"/>.</summary>
    public string PermanentFailureStatus { get; set; } = Acknowledge;

    public bool AcknowledgesPermanentFailures => string.Equals(PermanentFailureStatus, Acknowledge, StringComparison.OrdinalIgnoreCase);
}
