namespace OssUnzip.Function.Security;

/// <summary>How requests to the webhook are authenticated. There is no default: it must be chosen.</summary>
public enum AuthMode
{
    /// <summary>The EventBridge user token in <c>x-eventbridge-signature-token</c> must match a configured token.</summary>
    Token,

    /// <summary>EventBridge signature v2 (RSA SHA-256, certificate from the EventBridge host) must verify.</summary>
    Signature,

    /// <summary>No authentication; only for a local stack or a network that already guarantees the caller.</summary>
    None,
}
