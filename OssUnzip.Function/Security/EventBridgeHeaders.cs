namespace OssUnzip.Function.Security;

/// <summary>Header names EventBridge sets on a push to an HTTP target (docs/facts.md §3, [V]).</summary>
public static class EventBridgeHeaders
{
    public const string Token = "x-eventbridge-signature-token";
    public const string SignatureV2 = "x-eventbridge-signature-v2";
    public const string HashMethod = "x-eventbridge-hash-method";
    public const string Timestamp = "x-eventbridge-signature-timestamp";
    public const string Version = "x-eventbridge-signature-version";
    public const string CertificateUrl = "x-eventbridge-signature-url";
}
