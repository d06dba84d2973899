using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive.Writing;

/// <summary>
/// The checks on entry data that must pass before any object of a ZIP is written (decisions 0028, 0041):
/// the first encrypted entry in data order must pass the password verifier of some configured password
/// (Archive:Passwords, tried in order) — none configured is password-required, none passing is
/// wrong-password — and the password that passes it is tried first by every encrypted entry; and EVERY
/// entry whose method lets the archive choose the decoder's memory (LZMA, zstd, xz, PPMd) has the
/// dictionary, window or model size its header declares checked against Archive:MaxDictionaryBytes
/// (limit-exceeded), since SharpCompress allocates what is declared (docs/facts.md §28). Each probe reads
/// only the entry's local header and first bytes, in offset order through one ranged stream whose
/// read-ahead covers many small entries per GET: the one exception to reading every byte once
/// (docs/decisions/0012). No decoder is created here. Archives with neither cost nothing here.
/// </summary>
internal sealed class ZipPreflight(IObjectStore store, IArchivePasswords passwords, IOptions<ArchiveOptions> options, OssUnzipMetrics metrics)
{
    /// <summary>Bytes each probe GET asks for: a run of small entries is probed from one response.</summary>
    internal const long ProbeReadAheadBytes = 64L << 10;

    private static readonly ushort[] s_dictionaryMethods = [ZipEntryDecoder.Lzma, ZipEntryDecoder.Zstd, ZipEntryDecoder.Xz, ZipEntryDecoder.Ppmd];

    /// <param name="writes">The entries to be written, in data order.</param>
    public async Task<(ZipPasswordChoice Choice, int GetRequests)> CheckAsync(ArchiveSource source, ZipLayout layout, IReadOnlyList<PlannedEntry> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(writes);
        var encrypted = writes.Where(w => ZipEntryCoding.Of(w.Entry).Encryption != ZipEncryption.None).ToList();
        var dictionaries = writes
            .Where(w => s_dictionaryMethods.Contains(ZipEntryCoding.Of(w.Entry).Method))
            .OrderBy(w => w.Entry.LocalHeaderOffset)
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
                var first = encrypted[0];
                var header = await ReadEncryptionHeaderAsync(stream, layout, offsets, first, cancellationToken).ConfigureAwait(false);
                var passing = header.FirstPassing(candidates, 0);
                if (passing < 0)
                {
                    throw new ArchiveRejectedException(
                        ArchiveRejectionCodes.WrongPassword,
                        string.Create(CultureInfo.InvariantCulture, $"None of the {candidates.Count} configured passwords passes the password verifier of entry '{first.Name}'; nothing was written."),
                        [first.Name]);
                }

                choice = new ZipPasswordChoice([candidates[passing], .. candidates.Where((_, i) => i != passing)], first.Entry.Index);
            }

            foreach (var entry in dictionaries)
            {
                await CheckDictionaryAsync(stream, layout, offsets, entry, choice, cancellationToken).ConfigureAwait(false);
            }

            return (choice, stream.RequestCount);
        }
    }

    /// <summary>
    /// Checks one entry's declared decoder memory. An encrypted entry is decrypted with the first password
    /// passing its verifier; when what that yields is not a sound header (a wrong password passing a
    /// 1-byte check), the next passing password is tried, as the writer would.
    /// </summary>
    private async Task CheckDictionaryAsync(RangedReadStream stream, ZipLayout layout, long[] offsets, PlannedEntry planned, ZipPasswordChoice choice, CancellationToken cancellationToken)
    {
        var attempt = choice.FirstAttempt();
        while (true)
        {
            try
            {
                var stored = await OpenStoredAsync(stream, layout, offsets, planned, cancellationToken).ConfigureAwait(false);
                await using (stored.ConfigureAwait(false))
                {
                    await ZipEntryDecoder.CheckHeadersAsync(planned.Entry, planned.Name, stored, attempt, options.Value.MaxDictionaryBytes, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            catch (WrongPasswordException e)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.WrongPassword, $"{e.Message} Nothing was written.", [planned.Name], e);
            }
            catch (Exception e) when (EncryptedEntryFailure.Is(e) && attempt.Next() is { } next)
            {
                attempt = next;
            }
            catch (Exception e) when (EncryptedEntryFailure.Is(e) && planned.Entry.Index == choice.FirstEncryptedIndex)
            {
                throw EncryptedEntryFailure.WrongPassword(planned.Name, e, nothingWritten: true);
            }
        }
    }

    private static async Task<ZipEncryptionHeader> ReadEncryptionHeaderAsync(RangedReadStream stream, ZipLayout layout, long[] offsets, PlannedEntry planned, CancellationToken cancellationToken)
    {
        var stored = await OpenStoredAsync(stream, layout, offsets, planned, cancellationToken).ConfigureAwait(false);
        await using (stored.ConfigureAwait(false))
        {
            return await ZipEncryptionHeader.ReadAsync(planned.Entry, planned.Name, stored, planned.Entry.CompressedSize, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The entry's stored bytes, at the offset its checked local header gives (<see cref="LocalHeaderCheck"/>).</summary>
    private static async Task<Stream> OpenStoredAsync(RangedReadStream stream, ZipLayout layout, long[] offsets, PlannedEntry planned, CancellationToken cancellationToken)
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

        return new WindowReadStream(stream, dataOffset + layout.PrefixLength, entry.CompressedSize);
    }
}
