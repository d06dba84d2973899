using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.SevenZip;
using OssUnzip.Function.Storage;
using SharpCompress.Archives;

namespace OssUnzip.Function.Archive.Streams;

/// <summary>
/// Lists a 7z from its header alone (ranged GETs of the signature header and the header at the end; no
/// folder is decoded) and plans every entry as <see cref="SevenZipArchiveExpansion"/> would, with the same
/// header check, limits, skips, renames and later-wins for duplicate keys. An encrypted header is opened
/// with the first configured password whose key decodes it (the header's CRC decides); encrypted data
/// with no password configured is the expansion's certain answer, <c>password-required</c>. Whether a
/// password fits encrypted data is known only when expanding, as for ZIP.
/// </summary>
internal sealed class SevenZipInspection(IObjectStore store, IArchivePasswords passwords, IOptions<ArchiveOptions> options)
{
    private readonly ArchiveOptions _options = options.Value;

    /// <param name="headRequests">GETs already made for the archive's head, counted in the answer.</param>
    public async Task<ArchiveInspectionResult> InspectAsync(ArchiveSource source, ExpansionTarget target, int headRequests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var settings = RangedReadSettings.Default with { ReadAheadBytes = _options.ReadAheadBytes };
        var requests = headRequests;
        var raw = new SevenZipSourceStream(store, source, settings);
        await using (raw.ConfigureAwait(false))
        {
            try
            {
                var header = await SevenZipHeaderReader.ReadAsync(raw, SevenZipArchiveExpansion.MaxHeaderBytes, _options.MaxDictionaryBytes, cancellationToken).ConfigureAwait(false);
                string? password = null;
                if (header.HeaderEncrypted)
                {
                    (password, var tried) = await HeaderPasswordAsync(source, settings, cancellationToken).ConfigureAwait(false);
                    requests += tried;
                }

                var archive = await SevenZipEntries.OpenAsync(raw, password, cancellationToken).ConfigureAwait(false);
                await using (archive.ConfigureAwait(false))
                {
                    var entries = await SevenZipEntries.ListAsync(archive).ConfigureAwait(false);
                    SevenZipEntries.CheckDeclaredSizes(entries, source.Version.Length, _options);
                    var encrypted = entries.Where(e => e is { IsEncrypted: true, IsDirectory: false }).ToList();
                    if (encrypted.Count > 0 && passwords.Candidates.Count == 0)
                    {
                        throw new ArchiveRejectedException(
                            ArchiveRejectionCodes.PasswordRequired,
                            string.Create(CultureInfo.InvariantCulture, $"The 7z archive has {encrypted.Count} encrypted files and Archive:Passwords is empty."),
                            [.. encrypted.Take(100).Select(e => e.Key ?? string.Empty)]);
                    }

                    var inspected = Plan(entries, source.Version.Length, target);
                    return ArchiveInspectionResult.Inspected(inspected, requests + raw.RequestCount);
                }
            }
            catch (ArchiveRejectedException e)
            {
                return ArchiveInspectionResult.Rejected(e.Code, e.Message, e.Entries, requests + raw.RequestCount);
            }
        }
    }

    /// <summary>Each entry in header order with what the expansion would do with it (the stream planner's decisions).</summary>
    private List<InspectedEntry> Plan(List<IArchiveEntry> entries, long archiveLength, ExpansionTarget target)
    {
        var planner = new StreamEntryPlanner(_options, target.Folder, target.Plan);
        var inspected = new List<InspectedEntry>(entries.Count);
        var writerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = planner.DeclaredName(entry.Key ?? string.Empty);
            var (skipped, renamed) = (planner.Skipped.Count, planner.Renamed.Count);
            var (action, key, code) = ("directory", (string?)null, (string?)null);
            if (SevenZipEntries.Skip(entry) is { } skip)
            {
                planner.Skip(name, skip.Code, skip.Reason);
                (action, code) = ("skip", skip.Code);
            }
            else if (planner.Plan(name, entry.IsDirectory, entry.Size, archiveLength) is { } planned)
            {
                if (planned.Replaces is not null && writerOf.TryGetValue(planned.RelativePath, out var earlier))
                {
                    inspected[earlier] = inspected[earlier] with { Action = "skip", Code = EntryNoteCodes.ReplacedByLaterEntry };
                }

                writerOf[planned.RelativePath] = inspected.Count;
                planner.Written(planned, entry.Size, (uint)entry.Crc, Task.CompletedTask);
                (action, key) = ("write", planned.Key);
                if (planner.Renamed.Count > renamed)
                {
                    (action, code) = ("rename", planner.Renamed[^1].Code);
                }
            }
            else if (planner.Skipped.Count > skipped)
            {
                var note = planner.Skipped[^1];
                (action, key, code) = ("skip", note.Key, note.Code);
            }

            inspected.Add(new InspectedEntry(
                inspected.Count,
                name,
                "utf-8",
                null,
                entry.IsEncrypted,
                null,
                Math.Max(entry.Size, 0),
                ((uint)entry.Crc).ToString("x8", CultureInfo.InvariantCulture),
                action,
                key,
                code));
        }

        return inspected;
    }

    /// <summary>
    /// The first configured password that opens the encrypted header: its CRC passes only under the right
    /// key. None configured is <c>password-required</c>; none fitting, <c>wrong-password</c> (or a damaged
    /// header: the two cannot be told apart, as when expanding).
    /// </summary>
    private async Task<(string Password, int Requests)> HeaderPasswordAsync(ArchiveSource source, RangedReadSettings settings, CancellationToken cancellationToken)
    {
        if (passwords.Candidates.Count == 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.PasswordRequired, "The 7z archive's header is encrypted and Archive:Passwords is empty.");
        }

        var requests = 0;
        foreach (var candidate in passwords.Candidates)
        {
            var view = new SevenZipSourceStream(store, source, settings);
            await using (view.ConfigureAwait(false))
            {
                try
                {
                    var archive = await SevenZipEntries.OpenAsync(view, candidate, cancellationToken).ConfigureAwait(false);
                    await using (archive.ConfigureAwait(false))
                    {
                        await SevenZipEntries.ListAsync(archive).ConfigureAwait(false);
                        return (candidate, requests + view.RequestCount);
                    }
                }
                catch (ArchiveRejectedException e) when (e.Code == ArchiveRejectionCodes.CorruptCentralDirectory)
                {
                    requests += view.RequestCount;
                }
            }
        }

        throw new ArchiveRejectedException(
            ArchiveRejectionCodes.WrongPassword,
            string.Create(CultureInfo.InvariantCulture, $"None of the {passwords.Candidates.Count} password(s) in Archive:Passwords opens the 7z archive's encrypted header (or the header is damaged: the two cannot be told apart)."));
    }
}
