namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// The password tried does not pass an encrypted entry's password verifier (ZipCrypto's check byte,
/// WinZip AES's 2-byte verifier). Never carries the password.
/// </summary>
public sealed class WrongPasswordException : Exception
{
    public WrongPasswordException()
    {
    }

    public WrongPasswordException(string message)
        : base(message)
    {
    }

    public WrongPasswordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
