namespace OssUnzip.Function.Http;

/// <summary>How a failure that escaped the function is answered; decided by <see cref="FailureClassifier"/>.</summary>
public enum FailureKind
{
    /// <summary>Storage 5xx, throttling, timeouts, network, shutdown: retrying later can succeed.</summary>
    Transient,

    /// <summary>The store refused our credentials or policy: a retry succeeds once someone fixes the policy.</summary>
    AccessDenied,

    /// <summary>The store permanently refused an object (e.g. 400 KeyTooLongError): the same write never succeeds.</summary>
    StoreRefused,

    /// <summary>The archive was overwritten mid-run; the newer upload brings its own event, so a retry cannot help.</summary>
    SourceChanged,

    /// <summary>The archive was deleted mid-run; a retry cannot help.</summary>
    SourceMissing,

    /// <summary>A bug: reported as 500.</summary>
    Unexpected,
}
