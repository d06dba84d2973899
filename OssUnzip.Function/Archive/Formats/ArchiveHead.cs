using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Formats;

/// <summary>
/// Reads an archive's first bytes, enough for every signature (<see cref="ArchiveSignatures.HeadBytes"/>),
/// in one small ranged GET, and decides its format from them (<see cref="ArchiveFormatResolver"/>).
/// Shared by the expansion and the inspection so both read an archive as the same format.
/// </summary>
internal static class ArchiveHead
{
    /// <returns>The head (up to HeadBytes; shorter for a smaller object) and the GETs it took.</returns>
    public static async Task<(ReadOnlyMemory<byte> Head, int Requests)> ReadAsync(IObjectStore store, ArchiveSource source, Action? resumed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        var length = (int)Math.Min(ArchiveSignatures.HeadBytes, source.Version.Length);
        var stream = new RangedReadStream(store, source, RangedReadSettings.Default with { ReadAheadBytes = Math.Max(length, 1) }, resumed: resumed);
        await using (stream.ConfigureAwait(false))
        {
            var head = new byte[length];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            return (head, stream.RequestCount);
        }
    }
}
