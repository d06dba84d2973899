namespace OssUnzip.Function.Security;

/// <summary>What the edge decided about one request: let it through, refuse it (and why), or too large.</summary>
public readonly record struct AuthResult(AuthFailure? Failure, bool BodyTooLarge)
{
    public static AuthResult Allowed => default;

    public static AuthResult TooLarge => new(null, true);

    public bool IsAllowed => Failure is null && !BodyTooLarge;

    public static AuthResult Refused(AuthFailure failure) => new(failure, false);
}
