namespace OssUnzip.Function.Security;

/// <summary>Why a request was refused: logged and counted, never told to the caller.</summary>
public enum AuthFailure
{
    TokenMissing,
    TokenWrong,
    SignatureMissing,
    SignatureMalformed,
    HashMethodUnsupported,
    TimestampInvalid,
    TimestampOutsideSkew,
    CertificateUrlNotAllowed,
    CertificateUnavailable,
    SignatureMismatch,
}
