using System.Globalization;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Entries;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Streams;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Configuration;
using OssUnzip.Function.Storage;

namespace OssUnzip.Function.Archive;

/// <summary>
/// Reads an archive's central directory (a 7z's header: <see cref="SevenZipInspection"/>) (ranged GETs only, no entry data) and plans it exactly as an
/// expansion under the same target would (<see cref="ExpansionPlanner"/>), without writing anything:
/// every entry with its decoded name and encoding, method, encryption, sizes, CRC-32, and the key it
/// would be written to or the code it would be skipped or renamed with. The overwrite policy's HEADs
/// are not made: an inspection reports the plan, not the store's current state.
/// </summary>
internal sealed class ArchiveInspection(IObjectStore store, ExpansionPlanner planner, SevenZipInspection sevenZip, IArchivePasswords passwords, IOptions<ArchiveOptions> options)
{
    private const long MaxCentralDirectoryBytes = 256L << 20;

    public async Task<ArchiveInspectionResult> InspectAsync(ArchiveSource source, ExpansionTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        // The same format decision as an expansion: a RAR, a mismatched name or no signature is the
        // rejection an expansion would give; a 7z lists its header; a tar or gzip has no directory to list.
        var (head, headRequests) = await ArchiveHead.ReadAsync(store, source, resumed: null, cancellationToken).ConfigureAwait(false);
        ArchiveFormat format;
        try
        {
            format = ArchiveFormatResolver.Resolve(source.Key, ArchiveSignatures.Detect(head.Span));
        }
        catch (ArchiveRejectedException e)
        {
            return ArchiveInspectionResult.Rejected(e.Code, e.Message, e.Entries, headRequests);
        }

        if (format.Container == ArchiveContainer.SevenZip)
        {
            return await sevenZip.InspectAsync(source, target, headRequests, cancellationToken).ConfigureAwait(false);
        }

        if (format.Container != ArchiveContainer.Zip)
        {
            return ArchiveInspectionResult.Unlisted(format.Name, headRequests);
        }

        ZipLayout layout;
        var stream = new RangedReadStream(store, source, RangedReadSettings.Default with { ReadAheadBytes = options.Value.ReadAheadBytes });
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                layout = await ZipDirectoryReader.ReadAsync(stream, options.Value.MaxEntries, MaxCentralDirectoryBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (ArchiveRejectedException e)
            {
                return ArchiveInspectionResult.Rejected(e.Code, e.Message, e.Entries, headRequests + stream.RequestCount);
            }
            catch (InvalidDataException e)
            {
                return ArchiveInspectionResult.Rejected(ArchiveRejectionCodes.CorruptCentralDirectory, e.Message, [], headRequests + stream.RequestCount);
            }
        }

        ExpansionPlan plan;
        try
        {
            plan = planner.Plan(layout, target.Folder, target.Plan, cancellationToken);
        }
        catch (ArchiveRejectedException e)
        {
            return ArchiveInspectionResult.Rejected(e.Code, e.Message, e.Entries, headRequests + stream.RequestCount);
        }

        // Encrypted entries are written when a configured password opens them; the inspection reads no
        // entry data, so it cannot try one, but with none configured the expansion's answer is certain.
        var encrypted = plan.Writes.Where(w => ZipEntryCoding.Of(w.Entry).Encryption != ZipEncryption.None).ToList();
        if (encrypted.Count > 0 && passwords.Candidates.Count == 0)
        {
            return ArchiveInspectionResult.Rejected(
                ArchiveRejectionCodes.PasswordRequired,
                string.Create(CultureInfo.InvariantCulture, $"The archive has {encrypted.Count} encrypted entries and Archive:Passwords is empty."),
                [.. encrypted.Take(100).Select(e => e.Name)],
                headRequests + stream.RequestCount);
        }

        var forced = target.Plan.ForcedNameEncoding(options.Value.NameEncoding);
        var names = EntryNameDecoder.DecodeAll([.. layout.Entries.Select(e => new RawEntryName(e.RawName, e.Flags, e.Extra))], forced).Names;
        var writes = plan.Writes.ToDictionary(w => w.Entry.Index);
        var renamed = FirstByName(plan.Renamed);
        var skipped = FirstByName(plan.Skipped);
        var entries = new List<InspectedEntry>(layout.Entries.Count);
        foreach (var entry in layout.Entries)
        {
            var (action, key, code) = ActionOf(entry, names[entry.Index].Name, writes, renamed, skipped);
            entries.Add(new InspectedEntry(
                entry.Index,
                names[entry.Index].Name,
                names[entry.Index].Encoding,
                ZipEntryCoding.Of(entry).Method,
                ZipEntryCoding.Of(entry).Encryption != ZipEncryption.None,
                entry.CompressedSize,
                entry.UncompressedSize,
                entry.Crc32.ToString("x8", CultureInfo.InvariantCulture),
                action,
                key,
                code));
        }

        return ArchiveInspectionResult.Inspected(entries, headRequests + stream.RequestCount);
    }

    private static (string Action, string? Key, string? Code) ActionOf(
        ZipCentralEntry entry, string name, Dictionary<int, PlannedEntry> writes, Dictionary<string, EntryNote> renamed, Dictionary<string, EntryNote> skipped)
    {
        if (writes.TryGetValue(entry.Index, out var write))
        {
            return renamed.TryGetValue(write.Name, out var rename) && rename.Key == write.Key
                ? ("rename", write.Key, rename.Code)
                : ("write", write.Key, null);
        }

        if (skipped.TryGetValue(name, out var skip) || skipped.TryGetValue(NfcOf(name), out skip))
        {
            return ("skip", skip.Key, skip.Code);
        }

        return EntryKindClassifier.Classify(entry.VersionMadeBy, entry.ExternalAttributes, name) == EntryKind.Directory || name.EndsWith('/')
            ? ("directory", null, null)
            : ("skip", null, EntryNoteCodes.Skipped);
    }

    private static string NfcOf(string name)
    {
        try
        {
            return name.Normalize(System.Text.NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return name;
        }
    }

    private static Dictionary<string, EntryNote> FirstByName(IReadOnlyList<EntryNote> notes)
    {
        var byName = new Dictionary<string, EntryNote>(StringComparer.Ordinal);
        foreach (var note in notes)
        {
            byName.TryAdd(note.Entry, note);
        }

        return byName;
    }
}
