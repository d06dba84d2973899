namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// The failures an encrypted entry shows when a wrong password passed its verifier (ZipCrypto's one
/// byte, 1 in 256): the decrypted bytes are noise, so the decoder's header, its data, the declared
/// size, the CRC-32 or the AES authentication code fail — any of them, including a noise dictionary
/// size above the limit. When another configured password also passes the verifier, such a failure
/// means "try that one" (decision 0041), not yet a verdict on the archive. Storage failures and
/// cancellation are never among them.
/// </summary>
internal static class EncryptedEntryFailure
{
    public static bool Is(Exception e) => e switch
    {
        EntryCorruptException or InvalidDataException => true,
        ArchiveRejectedException r => r.Code is ArchiveRejectionCodes.EntryDataCorrupt or ArchiveRejectionCodes.Truncated or ArchiveRejectionCodes.LimitExceeded,
        _ => false,
    };

    /// <summary>
    /// Such a failure left when no password remains to try, on the archive's first encrypted entry: the
    /// password's fault, not the data's (decision 0028) — <c>wrong-password</c> naming the entry, whatever
    /// the noise broke (a CRC-32, a decoder header, a noise dictionary size over the limit).
    /// </summary>
    public static ArchiveRejectedException WrongPassword(string name, Exception failure, bool nothingWritten) => new(
        ArchiveRejectionCodes.WrongPassword,
        $"Entry '{name}' passes the password verifier but what it decrypts to fails ({failure.Message}): no configured password opens it.{(nothingWritten ? " Nothing was written." : "")}",
        [name],
        failure);
}
