namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// What the check before writing decided for an archive's encrypted entries (decision 0041): the order
/// in which every encrypted entry tries the configured passwords — the one that passed the first
/// encrypted entry's verifier first (the fast path: one verifier check per entry when one password
/// opens them all), then the others in their configured order — and the index of the first encrypted
/// entry in data order, whose integrity failure means the password was wrong rather than the data
/// corrupt (decision 0028). Empty when no entry is encrypted. <see cref="ToString"/> never shows a password.
/// </summary>
internal sealed record ZipPasswordChoice(IReadOnlyList<string> Order, int? FirstEncryptedIndex)
{
    public static ZipPasswordChoice None { get; } = new([], null);

    /// <summary>A first try at one entry, from the start of <see cref="Order"/>.</summary>
    public ZipPasswordAttempt FirstAttempt() => new(Order);

    public override string ToString() => FirstEncryptedIndex is null ? "no encrypted entries" : $"{Order.Count} passwords for the encrypted entries";
}
