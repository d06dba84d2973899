namespace OssUnzip.Function.Storage;

/// <summary>
/// The store permanently refused to write one object: a 4xx answer about the request itself (the key,
/// its size, an argument), not about our credentials, throttling or the store's health. Sending the
/// same write again gets the same answer, so it must never be answered as retryable.
/// </summary>
public sealed class ObjectRefusedException : Exception
{
    public ObjectRefusedException()
    {
    }

    public ObjectRefusedException(string message)
        : base(message)
    {
    }

    public ObjectRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ObjectRefusedException(string key, int statusCode, string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Key = key;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The object key the store refused.</summary>
    public string Key { get; } = "";

    /// <summary>The store's HTTP status, e.g. 400.</summary>
    public int StatusCode { get; }

    /// <summary>The store's error code, e.g. <c>KeyTooLongError</c>.</summary>
    public string ErrorCode { get; } = "";
}
