using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// The checks on entry data that must pass before any object of a ZIP is written (decision 0028): for
/// encrypted entries, which configured password (Archive:Passwords, tried in order) passes the password
/// verifier of the first encrypted entries in data order — none configured is password-required, none
/// passing is wrong-password; and for each method whose decoder memory the archive chooses (LZMA, zstd,
/// xz, PPMd), the first entry's dictionary against Archive:MaxDictionaryBytes (limit-exceeded). Each
/// probe opens the entry exactly as the writer will (<see cref="ZipEntryDecoder"/>) and reads only its
/// local header and the first bytes of its data, through small ranged GETs: the one exception to reading
/// every byte once (docs/decisions/0012), bounded by a handful of entries. Every later entry is checked
/// again when it is written. Archives with neither cost nothing here.
/// </summary>
internal sealed class ZipPreflight(IObjectStore store, IArchivePasswords passwords, IOptions<ArchiveOptions> options, OssUnzipMetrics metrics)
{
    /// <summary>
    /// Encrypted entries whose verifier a password must pass: ZipCrypto's check is one byte, so a wrong
    /// password passes one entry's check 1 time in 256; three entries make that 1 in 16.7 million.
    /// </summary>
    internal const int VerifiedEntries = 3;

    private const long ProbeReadAheadBytes = 64L << 10;

    private static readonly ushort[] s_dictionaryMethods = [ZipEntryDecoder.Lzma, ZipEntryDecoder.Zstd, ZipEntryDecoder.Xz, ZipEntryDecoder.Ppmd];

    /// <param name="writes">The entries to be written, in data order.</param>
    public async Task<(ZipPasswordChoice Choice, int GetRequests)> CheckAsync(ArchiveSource source, ZipLayout layout, IReadOnlyList<PlannedEntry> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(writes);
        var encrypted = writes.Where(w => ZipEntryCoding.Of(w.Entry).Encryption != ZipEncryption.None).ToList();
        var dictionaries = s_dictionaryMethods
            .Select(m => writes.FirstOrDefault(w => ZipEntryCoding.Of(w.Entry).Method == m))
            .OfType<PlannedEntry>()
            .ToList();
        if (encrypted.Count == 0 && dictionaries.Count == 0)
        {
            return (ZipPasswordChoice.None, 0);
        }

        var candidates = passwords.Candidates;
        if (encrypted.Count > 0 && candidates.Count == 0)
        {
            throw new ArchiveRejectedException(
                ArchiveRejectionCodes.PasswordRequired,
                string.Create(CultureInfo.InvariantCulture, $"The archive has {encrypted.Count} encrypted entries and Archive:Passwords is empty; nothing was written."),
                [.. encrypted.Take(100).Select(e => e.Name)]);
        }

        var offsets = layout.Entries.Select(e => e.LocalHeaderOffset).Order().ToArray();
        var stream = new RangedReadStream(store, source, RangedReadSettings.Default with { ReadAheadBytes = ProbeReadAheadBytes }, resumed: metrics.StorageResumed);
        await using (stream.ConfigureAwait(false))
        {
            var choice = ZipPasswordChoice.None;
            if (encrypted.Count > 0)
            {
                var password = await ChoosePasswordAsync(stream, layout, offsets, encrypted.Take(VerifiedEntries).ToList(), candidates, cancellationToken).ConfigureAwait(false)
                    ?? throw new ArchiveRejectedException(
                        ArchiveRejectionCodes.WrongPassword,
                        string.Create(CultureInfo.InvariantCulture, $"None of the {candidates.Count} configured passwords passes the password verifier of entry '{encrypted[0].Name}'; nothing was written."),
                        [encrypted[0].Name]);
                choice = new ZipPasswordChoice(password, encrypted[0].Entry.Index);
            }

            foreach (var entry in dictionaries)
            {
                await ProbeAsync(stream, layout, offsets, entry, choice.Password, passwordOnly: false, cancellationToken).ConfigureAwait(false);
            }

            return (choice, stream.RequestCount);
        }
    }

    private async Task<string?> ChoosePasswordAsync(RangedReadStream stream, ZipLayout layout, long[] offsets, List<PlannedEntry> probes, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            try
            {
                foreach (var probe in probes)
                {
                    await ProbeAsync(stream, layout, offsets, probe, candidate, passwordOnly: true, cancellationToken).ConfigureAwait(false);
                }

                return candidate;
            }
            catch (WrongPasswordException)
            {
                // The next password, in the configured order.
            }
        }

        return null;
    }

    /// <summary>Opens the entry as the writer would (its decryption, and unless <paramref name="passwordOnly"/> its decoder's headers), then lets it go.</summary>
    private async Task ProbeAsync(RangedReadStream stream, ZipLayout layout, long[] offsets, PlannedEntry planned, string? password, bool passwordOnly, CancellationToken cancellationToken)
    {
        var entry = planned.Entry;
        var header = new byte[LocalHeaderCheck.FixedSize];
        stream.Position = entry.LocalHeaderOffset + layout.PrefixLength;
        var filled = 0;
        while (filled < header.Length)
        {
            var read = await stream.ReadAsync(header.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        var limit = ArchiveBatch.LimitOf(entry.LocalHeaderOffset, offsets, layout.CentralDirectoryOffset);
        long dataOffset;
        try
        {
            dataOffset = LocalHeaderCheck.DataOffset(header.AsSpan(0, filled), entry, limit);
        }
        catch (ArchiveRejectedException e)
        {
            throw new ArchiveRejectedException(e.Code, $"Entry '{planned.Name}' cannot be read as its central record describes it: {e.Message}", [planned.Name], e);
        }

        var stored = new WindowReadStream(stream, dataOffset + layout.PrefixLength, entry.CompressedSize);
        await using (stored.ConfigureAwait(false))
        {
            if (passwordOnly)
            {
                await ZipEntryDecoder.CheckPasswordAsync(entry, planned.Name, stored, password!, cancellationToken).ConfigureAwait(false);
                return;
            }

            var decoded = await ZipEntryDecoder.OpenAsync(entry, planned.Name, stored, password, options.Value.MaxDictionaryBytes, cancellationToken).ConfigureAwait(false);
            await decoded.DisposeAsync().ConfigureAwait(false);
        }
    }
}
