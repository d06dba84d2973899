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
}
