namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// What the check before writing decided for an archive's encrypted entries: the one configured password
/// that opens them (null when none is encrypted), and the index of the first encrypted entry in data
/// order, whose integrity failure means the password was wrong rather than the data corrupt (decision
/// 0028). <see cref="ToString"/> never shows the password.
/// </summary>
internal sealed record ZipPasswordChoice(string? Password, int? FirstEncryptedIndex)
{
    public static ZipPasswordChoice None { get; } = new(null, null);

    public override string ToString() => FirstEncryptedIndex is null ? "no encrypted entries" : "a password for the encrypted entries";
}
