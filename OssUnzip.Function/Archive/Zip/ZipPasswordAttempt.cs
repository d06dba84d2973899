namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// One try at opening an encrypted entry: the configured passwords in the order they are tried (the
/// check before writing puts its choice first, decision 0041), the first one this try may use, and —
/// once <see cref="ZipEntryDecoder"/> has opened the entry — the header it read and which password passed
/// its verifier. When the entry's data then fails its integrity check, <see cref="Next"/> names the next
/// password that also passes the verifier, from the header already read (no request), so the entry can
/// be read again with it. Never shown in logs: <see cref="ToString"/> carries no password.
/// </summary>
internal sealed class ZipPasswordAttempt(IReadOnlyList<string> passwords, int start = 0)
{
    public static ZipPasswordAttempt NoPasswords { get; } = new([]);

    public IReadOnlyList<string> Passwords { get; } = passwords;

    /// <summary>The index of the first password this try may use.</summary>
    public int Start { get; } = start;

    /// <summary>The index of the password that passed the verifier; -1 before the entry is opened or when it is not encrypted.</summary>
    public int Chosen { get; private set; } = -1;

    private ZipEncryptionHeader? _header;

    internal void Opened(ZipEncryptionHeader header, int chosen)
    {
        _header = header;
        Chosen = chosen;
    }

    /// <summary>The next try: the first password after the chosen one that passes this entry's verifier; null when none does.</summary>
    public ZipPasswordAttempt? Next()
    {
        if (_header is null || Chosen < 0)
        {
            return null;
        }

        var next = _header.FirstPassing(Passwords, Chosen + 1);
        return next < 0 ? null : new ZipPasswordAttempt(Passwords, next);
    }

    public override string ToString() => Chosen < 0 ? "no password chosen" : $"password {Chosen + 1} of {Passwords.Count}";
}
