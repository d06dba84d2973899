namespace OssUnzip.Function.Http;

/// <summary>How a failure that escaped the function is answered; decided by <see cref="FailureClassifier"/>.</summary>
public enum FailureKind
{
    /// <summary>Storage 5xx, throttling, timeouts, network, shutdown: retrying later can succeed.</summary>
    Transient,

    /// <summary>The store refused our credentials or policy: retrying cannot help until someone fixes it.</summary>
    AccessDenied,

    /// <summary>The archive was overwritten mid-run; the newer upload brings its own event.</summary>
    SourceChanged,

    /// <summary>The archive was deleted mid-run.</summary>
    SourceMissing,

    /// <summary>A bug: reported as 500.</summary>
    Unexpected,
}
