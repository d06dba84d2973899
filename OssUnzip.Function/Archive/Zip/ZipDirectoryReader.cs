using System.Buffers.Binary;
using System.Globalization;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Archive.Zip;

/// <summary>
/// Reads an archive's end records and central directory once, through any seekable async stream,
/// without touching entry data. Every end record found in the tail is a candidate; the first whose
/// directory is real wins (docs/decisions/0011-end-record-selection.md). Counts and sizes in the end
/// records that disagree with a sound directory become <see cref="ZipLayout.Notes"/>; everything else
/// found wrong is an <see cref="ArchiveRejectedException"/> naming what is wrong.
/// </summary>
internal static class ZipDirectoryReader
{
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>
    /// Candidates tried before giving up: each may cost a directory read, and a comment can hold
    /// thousands of end-record signatures.
    /// </summary>
    private const int MaxCandidates = 8;

    public static async Task<ZipLayout> ReadAsync(Stream archive, int maxEntries, long maxCentralDirectoryBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var length = archive.Length;
        if (length < End.FixedSize)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.NotAZip, $"Not a ZIP archive: {length} bytes is shorter than an end-of-central-directory record.");
        }

        // The end record sits in the last 22 bytes plus a comment of up to 64 KiB; the ZIP64 locator and
        // record sit right before it. One read of that tail serves all three in the common case.
        var tail = await ReadTailAsync(archive, cancellationToken).ConfigureAwait(false);
        var candidates = FindEndRecords(tail.Bytes);
        if (candidates.Count == 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.NotAZip, "Not a ZIP archive, or a truncated one: no end-of-central-directory record was found.");
        }

        ArchiveRejectedException? firstFailure = null;
        foreach (var candidate in candidates.Take(MaxCandidates))
        {
            try
            {
                var layout = await ReadCandidateAsync(archive, tail, candidate, maxEntries, maxCentralDirectoryBytes, cancellationToken).ConfigureAwait(false);
                if (candidate != candidates[0])
                {
                    var chosen = string.Create(CultureInfo.InvariantCulture, $"The end record at byte {tail.Start + candidate.Position} was used: the one after it ({firstFailure!.Message.TrimEnd('.')}) does not point to a real directory.");
                    layout = layout with { Notes = [new ArchiveNote(ArchiveNoteCodes.EndRecordChosen, chosen), .. layout.Notes] };
                }

                return layout;
            }
            catch (ArchiveRejectedException e) when (e.Code != ArchiveRejectionCodes.UnsupportedArchive)
            {
                firstFailure ??= e;
            }
        }

        throw firstFailure!;
    }

    /// <summary>
    /// The entry count declared by the end record <see cref="ReadAsync"/> would choose (its ZIP64 record's
    /// when present), without reading the directory: candidates are tried in the same order and held to the
    /// same placement checks (decision 0011), all but parsing the records, which costs at most a 4-byte read
    /// per candidate. Null when no candidate places a directory. Only an estimate for sizing (a job's shard
    /// count: decision 0036): the directory read by <see cref="ReadAsync"/> is what counts.
    /// </summary>
    public static async Task<long?> ReadDeclaredEntriesAsync(Stream archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var length = archive.Length;
        if (length < End.FixedSize)
        {
            return null;
        }

        var tail = await ReadTailAsync(archive, cancellationToken).ConfigureAwait(false);
        foreach (var candidate in FindEndRecords(tail.Bytes).Take(MaxCandidates))
        {
            try
            {
                var located = await LocateAsync(archive, tail, candidate.Position, long.MaxValue, cancellationToken).ConfigureAwait(false);
                await PlaceDirectoryAsync(archive, tail, located, readWhole: false, cancellationToken).ConfigureAwait(false);
                return located.Declared.Entries;
            }
            catch (ArchiveRejectedException e) when (e.Code != ArchiveRejectionCodes.UnsupportedArchive)
            {
                // Not this candidate's directory: try the next, as ReadAsync does.
            }
            catch (ArchiveRejectedException)
            {
                return null;
            }
        }

        return null;
    }

    private static async Task<Tail> ReadTailAsync(Stream archive, CancellationToken cancellationToken)
    {
        var length = archive.Length;
        var tailLength = (int)Math.Min(length, End.FixedSize + MaxCommentLength + Zip64Locator.FixedSize + Zip64End.FixedSize);
        return new Tail(length - tailLength, await ReadAtAsync(archive, length - tailLength, tailLength, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Every end-record signature in the tail, in the order they are tried: those whose comment reaches
    /// exactly the end first, then those followed by stray bytes, then those whose comment length runs past
    /// the end of the file (Info-ZIP and CPython read those, Info-ZIP with "zipfile comment truncated"),
    /// each latest first.
    /// </summary>
    private static List<EndCandidate> FindEndRecords(ReadOnlySpan<byte> tail)
    {
        var exact = new List<EndCandidate>();
        var lenient = new List<EndCandidate>();
        var truncated = new List<EndCandidate>();
        for (var i = tail.Length - End.FixedSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail[i..]) != ZipSignatures.EndOfCentralDirectory)
            {
                continue;
            }

            var commentEnd = i + End.FixedSize + BinaryPrimitives.ReadUInt16LittleEndian(tail[(i + End.CommentLength)..]);
            if (commentEnd == tail.Length)
            {
                exact.Add(new EndCandidate(i, CommentTruncated: false));
            }
            else if (commentEnd < tail.Length)
            {
                // Some writers leave bytes after the comment.
                lenient.Add(new EndCandidate(i, CommentTruncated: false));
            }
            else
            {
                truncated.Add(new EndCandidate(i, CommentTruncated: true));
            }
        }

        return [.. exact, .. lenient, .. truncated];
    }

    private static async Task<ZipLayout> ReadCandidateAsync(Stream archive, Tail tail, EndCandidate candidate, int maxEntries, long maxCentralDirectoryBytes, CancellationToken cancellationToken)
    {
        var located = await LocateAsync(archive, tail, candidate.Position, maxCentralDirectoryBytes, cancellationToken).ConfigureAwait(false);
        var placed = await PlaceDirectoryAsync(archive, tail, located, readWhole: true, cancellationToken).ConfigureAwait(false);
        var notes = located.Notes;
        if (candidate.CommentTruncated)
        {
            notes.Add(new ArchiveNote(ArchiveNoteCodes.EndRecordCommentTruncated, string.Create(CultureInfo.InvariantCulture, $"The end record at byte {located.EndPosition} declares a comment longer than the {archive.Length - located.EndPosition - End.FixedSize} bytes left in the file; the comment is cut short and the directory it points to was expanded.")));
        }

        var entries = ParseEntries(placed.Directory, maxEntries);
        var declared = located.Declared;
        if (!CountMatches(entries.Count, declared.Entries) || !CountMatches(entries.Count, declared.EntriesOnDisk))
        {
            notes.Add(new ArchiveNote(ArchiveNoteCodes.EndRecordMismatch, string.Create(CultureInfo.InvariantCulture, $"The {located.Record} declares {declared.Entries} entries ({declared.EntriesOnDisk} on this disk); the central directory it points to holds {entries.Count} sound records, and those were expanded.")));
        }

        return new ZipLayout(entries, declared.DirectoryOffset, placed.Start - declared.DirectoryOffset, archive.Length) { Notes = notes };
    }

    /// <summary>
    /// What one end record (and its ZIP64 record, when a locator precedes it) declares, checked for what
    /// needs no directory bytes: one disk, a directory size within the limit, an offset inside the file.
    /// </summary>
    private static async Task<Located> LocateAsync(Stream archive, Tail tail, int eocd, long maxCentralDirectoryBytes, CancellationToken cancellationToken)
    {
        var end = tail.Bytes.AsSpan(eocd);
        var endPosition = tail.Start + eocd;
        var classic = new EndValues(
            Disk: BinaryPrimitives.ReadUInt16LittleEndian(end[End.Disk..]),
            DirectoryDisk: BinaryPrimitives.ReadUInt16LittleEndian(end[End.DirectoryDisk..]),
            EntriesOnDisk: BinaryPrimitives.ReadUInt16LittleEndian(end[End.EntriesOnDisk..]),
            Entries: BinaryPrimitives.ReadUInt16LittleEndian(end[End.Entries..]),
            DirectorySize: BinaryPrimitives.ReadUInt32LittleEndian(end[End.DirectorySize..]),
            DirectoryOffset: BinaryPrimitives.ReadUInt32LittleEndian(end[End.DirectoryOffset..]));
        var declared = classic;
        var directoryEnd = endPosition;
        var notes = new List<ArchiveNote>();
        var record = "end record";

        if (eocd >= Zip64Locator.FixedSize &&
            BinaryPrimitives.ReadUInt32LittleEndian(tail.Bytes.AsSpan(eocd - Zip64Locator.FixedSize)) == ZipSignatures.Zip64Locator)
        {
            var locator = tail.Bytes.AsSpan(eocd - Zip64Locator.FixedSize);
            var declaredRecordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator[Zip64Locator.RecordOffset..]);
            var (zip64, recordPosition) = await ReadZip64RecordAsync(archive, declaredRecordOffset, endPosition - Zip64Locator.FixedSize, cancellationToken).ConfigureAwait(false);
            if (zip64 is null)
            {
                // The locator's bytes may be the end of the last central record (a comment or extra field);
                // with no value in the end record masked, nothing needs a ZIP64 record (CPython and 7-Zip
                // read such archives the same way).
                if (NeedsZip64(classic))
                {
                    throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, "The ZIP64 end-of-central-directory record is missing or corrupt.");
                }

                notes.Add(new ArchiveNote(ArchiveNoteCodes.EndRecordMismatch, string.Create(CultureInfo.InvariantCulture, $"The bytes before the end record at byte {endPosition} look like a ZIP64 locator, but no ZIP64 end record is where it points; the end record needs none and was followed.")));
                return new Located(declared, record, endPosition, directoryEnd, notes);
            }

            declared = new EndValues(
                Disk: BinaryPrimitives.ReadUInt32LittleEndian(zip64.AsSpan(Zip64End.Disk)),
                DirectoryDisk: BinaryPrimitives.ReadUInt32LittleEndian(zip64.AsSpan(Zip64End.DirectoryDisk)),
                EntriesOnDisk: BinaryPrimitives.ReadInt64LittleEndian(zip64.AsSpan(Zip64End.EntriesOnDisk)),
                Entries: BinaryPrimitives.ReadInt64LittleEndian(zip64.AsSpan(Zip64End.Entries)),
                DirectorySize: BinaryPrimitives.ReadInt64LittleEndian(zip64.AsSpan(Zip64End.DirectorySize)),
                DirectoryOffset: BinaryPrimitives.ReadInt64LittleEndian(zip64.AsSpan(Zip64End.DirectoryOffset)));
            directoryEnd = recordPosition;
            record = "ZIP64 end record";
            NoteClassicDisagreements(classic, declared, notes);
        }

        if (declared.Disk != 0 || declared.DirectoryDisk != 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.UnsupportedArchive, "Split or spanned (multi-disk) archives are not supported.");
        }

        if (declared.DirectorySize < 0 || declared.DirectorySize > maxCentralDirectoryBytes)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.LimitExceeded, string.Create(CultureInfo.InvariantCulture, $"The {record} declares a central directory of {declared.DirectorySize} bytes; at most {maxCentralDirectoryBytes} are accepted."));
        }

        if (declared.DirectoryOffset < 0 || declared.DirectoryOffset > directoryEnd)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"The {record} at byte {endPosition} places a central directory of {declared.DirectorySize} bytes at offset {declared.DirectoryOffset}, outside the archive's {archive.Length} bytes: it is truncated or corrupt."));
        }

        return new Located(declared, record, endPosition, directoryEnd, notes);
    }

    /// <summary>
    /// Where the located directory starts and, with <paramref name="readWhole"/>, its bytes. It ends where
    /// the end record (or ZIP64 record) starts; it starts the declared size before that, so bytes prepended
    /// to the archive (a self-extractor stub) shift every offset alike. An empty directory is real only when
    /// no local header comes before it.
    /// </summary>
    private static async Task<PlacedDirectory> PlaceDirectoryAsync(Stream archive, Tail tail, Located located, bool readWhole, CancellationToken cancellationToken)
    {
        var (declared, record, endPosition, directoryEnd, _) = located;
        var start = directoryEnd - declared.DirectorySize;
        if (declared.DirectorySize == 0)
        {
            await RejectEmptyDirectoryAfterEntriesAsync(archive, tail, start, record, endPosition, cancellationToken).ConfigureAwait(false);
            return new PlacedDirectory(start, ReadOnlyMemory<byte>.Empty);
        }

        if (start < declared.DirectoryOffset)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"The {record} places the central directory at offset {declared.DirectoryOffset}, but a directory of {declared.DirectorySize} bytes ending at byte {directoryEnd} starts at byte {start}: the archive is truncated or corrupt."));
        }

        var directory = await ReadDirectoryBytesAsync(archive, tail, start, declared.DirectorySize, readWhole, cancellationToken).ConfigureAwait(false);
        if (!StartsWithCentralRecord(directory.Span))
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"The {record} at byte {endPosition} points to byte {start} for the central directory, but no central-directory record starts there."));
        }

        return new PlacedDirectory(start, directory);
    }

    /// <summary>The directory's bytes, or with <paramref name="readWhole"/> false only its first record's signature.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadDirectoryBytesAsync(Stream archive, Tail tail, long start, long size, bool readWhole, CancellationToken cancellationToken)
    {
        var count = readWhole ? (int)size : (int)Math.Min(size, sizeof(uint));
        return start >= tail.Start
            ? tail.Bytes.AsMemory((int)(start - tail.Start), count)
            : await ReadAtAsync(archive, start, count, cancellationToken).ConfigureAwait(false);
    }

    private static bool StartsWithCentralRecord(ReadOnlySpan<byte> directory) =>
        directory.Length >= sizeof(uint) && BinaryPrimitives.ReadUInt32LittleEndian(directory) == ZipSignatures.CentralDirectoryRecord;

    /// <summary>Writers without ZIP64 let a classic record's 16-bit count wrap past 65,535 entries; that is no disagreement.</summary>
    private static bool CountMatches(int actual, long declared) => actual == declared || (declared < 0x10000 && actual % 0x10000 == declared);

    /// <summary>
    /// Where the classic end record holds a real value (not the ZIP64 "see the other record" mask), it
    /// should say what the ZIP64 record says; the ZIP64 record is followed either way.
    /// </summary>
    private static void NoteClassicDisagreements(EndValues classic, EndValues zip64, List<ArchiveNote> notes)
    {
        var fields = new List<string>();
        if (classic.Entries != ZipSignatures.Mask16 && classic.Entries != zip64.Entries)
        {
            fields.Add(string.Create(CultureInfo.InvariantCulture, $"{classic.Entries} entries against {zip64.Entries}"));
        }

        if (classic.DirectorySize != ZipSignatures.Mask32 && classic.DirectorySize != zip64.DirectorySize)
        {
            fields.Add(string.Create(CultureInfo.InvariantCulture, $"a directory of {classic.DirectorySize} bytes against {zip64.DirectorySize}"));
        }

        if (classic.DirectoryOffset != ZipSignatures.Mask32 && classic.DirectoryOffset != zip64.DirectoryOffset)
        {
            fields.Add(string.Create(CultureInfo.InvariantCulture, $"the directory at offset {classic.DirectoryOffset} against {zip64.DirectoryOffset}"));
        }

        if (fields.Count > 0)
        {
            notes.Add(new ArchiveNote(ArchiveNoteCodes.EndRecordMismatch, $"The end record disagrees with the ZIP64 end record ({string.Join("; ", fields)}); the ZIP64 end record was followed."));
        }
    }

    /// <summary>
    /// An empty directory is real only in an archive with no entries: a local header at the start of the
    /// file, or anywhere in the tail before the directory, means the entries are described elsewhere
    /// (a forged end record, for one).
    /// </summary>
    private static async Task RejectEmptyDirectoryAfterEntriesAsync(Stream archive, Tail tail, long directoryStart, string record, long endPosition, CancellationToken cancellationToken)
    {
        if (directoryStart < sizeof(uint))
        {
            return;
        }

        var found = -1L;
        var head = tail.Start == 0 ? tail.Bytes.AsMemory(0, sizeof(uint)) : await ReadAtAsync(archive, 0, sizeof(uint), cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt32LittleEndian(head.Span) == ZipSignatures.LocalFileHeader)
        {
            found = 0;
        }
        else
        {
            var before = tail.Bytes.AsSpan(0, (int)Math.Max(0, Math.Min(tail.Bytes.Length, directoryStart - tail.Start)));
            var at = before.IndexOf("PK\u0003\u0004"u8);
            if (at >= 0)
            {
                found = tail.Start + at;
            }
        }

        if (found >= 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"The {record} at byte {endPosition} declares an empty central directory, but a local file header at byte {found} comes before it: no end record describes this archive's entries."));
        }
    }

    /// <summary>
    /// Reads the ZIP64 end record where the locator says, or, when data was prepended, where it must be
    /// (right before the locator); null when neither place holds one.
    /// </summary>
    private static async Task<(byte[]? Record, long Position)> ReadZip64RecordAsync(Stream archive, long declaredOffset, long locatorPosition, CancellationToken cancellationToken)
    {
        foreach (var position in new[] { declaredOffset, locatorPosition - Zip64End.FixedSize })
        {
            if (position < 0 || position + Zip64End.FixedSize > locatorPosition)
            {
                continue;
            }

            var record = await ReadAtAsync(archive, position, Zip64End.FixedSize, cancellationToken).ConfigureAwait(false);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) == ZipSignatures.Zip64EndOfCentralDirectory)
            {
                return (record, position);
            }
        }

        return (null, -1);
    }

    /// <summary>True when a value of the classic end record is the mask that sends a reader to the ZIP64 record.</summary>
    private static bool NeedsZip64(EndValues classic) =>
        classic.Entries == ZipSignatures.Mask16 || classic.EntriesOnDisk == ZipSignatures.Mask16 ||
        classic.DirectorySize == ZipSignatures.Mask32 || classic.DirectoryOffset == ZipSignatures.Mask32;

    private static List<ZipCentralEntry> ParseEntries(ReadOnlyMemory<byte> directory, int maxEntries)
    {
        var entries = new List<ZipCentralEntry>();
        var offset = 0;
        while (offset < directory.Length)
        {
            var span = directory.Span[offset..];
            if (span.Length < Central.FixedSize || BinaryPrimitives.ReadUInt32LittleEndian(span) != ZipSignatures.CentralDirectoryRecord)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Central directory record {entries.Count} (at byte {offset} of the directory) is corrupt."));
            }

            if (entries.Count == maxEntries)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.LimitExceeded, string.Create(CultureInfo.InvariantCulture, $"The archive holds more than {maxEntries} entries (Archive:MaxEntries)."));
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[Central.NameLength..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(span[Central.ExtraLength..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(span[Central.CommentLength..]);
            var recordLength = Central.FixedSize + nameLength + extraLength + commentLength;
            if (recordLength > span.Length)
            {
                throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Central directory record {entries.Count} runs past the end of the directory."));
            }

            var record = directory.Slice(offset, recordLength);
            entries.Add(ParseEntry(entries.Count, record, nameLength, extraLength));
            offset += recordLength;
        }

        return entries;
    }

    private static ZipCentralEntry ParseEntry(int index, ReadOnlyMemory<byte> record, int nameLength, int extraLength)
    {
        var span = record.Span;
        var extra = record.Slice(Central.FixedSize + nameLength, extraLength);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(span[Central.CompressedSize..]);
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(span[Central.UncompressedSize..]);
        long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(span[Central.LocalHeaderOffset..]);
        var diskStart = BinaryPrimitives.ReadUInt16LittleEndian(span[Central.DiskStart..]);

        if (uncompressed == ZipSignatures.Mask32 || compressed == ZipSignatures.Mask32 || localOffset == ZipSignatures.Mask32)
        {
            // APPNOTE 4.5.3: only the fields saturated in the fixed record are present, in this order,
            // whatever the block's length. Every reader that matters (Info-ZIP, 7-Zip, CPython) reads it
            // so; a reader that takes a long block as "all fields" reads other bytes (issue 20).
            var zip64 = FindZip64Block(extra.Span, index);
            var position = 0;
            if (uncompressed == ZipSignatures.Mask32)
            {
                uncompressed = ReadZip64Value(zip64, ref position, index, "uncompressed size");
            }

            if (compressed == ZipSignatures.Mask32)
            {
                compressed = ReadZip64Value(zip64, ref position, index, "compressed size");
            }

            if (localOffset == ZipSignatures.Mask32)
            {
                localOffset = ReadZip64Value(zip64, ref position, index, "local header offset");
            }
        }

        if (diskStart != 0 && diskStart != ZipSignatures.Mask16)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.UnsupportedArchive, "Split or spanned (multi-disk) archives are not supported.");
        }

        return new ZipCentralEntry(
            index,
            VersionMadeBy: BinaryPrimitives.ReadUInt16LittleEndian(span[Central.VersionMadeBy..]),
            Flags: BinaryPrimitives.ReadUInt16LittleEndian(span[Central.Flags..]),
            Method: BinaryPrimitives.ReadUInt16LittleEndian(span[Central.Method..]),
            Crc32: BinaryPrimitives.ReadUInt32LittleEndian(span[Central.Crc32..]),
            CompressedSize: compressed,
            UncompressedSize: uncompressed,
            LocalHeaderOffset: localOffset,
            ExternalAttributes: BinaryPrimitives.ReadUInt32LittleEndian(span[Central.ExternalAttributes..]),
            Record: record);
    }

    /// <summary>
    /// The one ZIP64 block of an entry that needs it. Two blocks are two possible readings (Info-ZIP takes
    /// the first, CPython the last), so they are refused rather than guessed between.
    /// </summary>
    private static ReadOnlySpan<byte> FindZip64Block(ReadOnlySpan<byte> extra, int index)
    {
        var found = FindExtraField(extra, ZipSignatures.Zip64ExtraFieldId, out var count);
        if (count > 1)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Central directory record {index} has {count} ZIP64 extra blocks; one is allowed."));
        }

        return found;
    }

    private static long ReadZip64Value(ReadOnlySpan<byte> zip64, ref int position, int index, string field)
    {
        if (position + sizeof(long) > zip64.Length)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Central directory record {index} needs a ZIP64 {field} but its ZIP64 extra block is missing or too short."));
        }

        var value = BinaryPrimitives.ReadInt64LittleEndian(zip64[position..]);
        position += sizeof(long);
        if (value < 0)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, string.Create(CultureInfo.InvariantCulture, $"Central directory record {index} has an impossible ZIP64 {field}."));
        }

        return value;
    }

    /// <summary>The data of the first extra-field block with this id, or empty.</summary>
    internal static ReadOnlySpan<byte> FindExtraField(ReadOnlySpan<byte> extra, ushort id) => FindExtraField(extra, id, out _);

    /// <summary>
    /// The data of the first extra-field block with this id (empty if none), and how many blocks carry
    /// it. The walk stops at a block that runs past the field.
    /// </summary>
    private static ReadOnlySpan<byte> FindExtraField(ReadOnlySpan<byte> extra, ushort id, out int count)
    {
        ReadOnlySpan<byte> first = [];
        count = 0;
        while (extra.Length >= ExtraBlock.HeaderSize)
        {
            var blockId = BinaryPrimitives.ReadUInt16LittleEndian(extra[ExtraBlock.Id..]);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[ExtraBlock.DataSize..]);
            if (ExtraBlock.HeaderSize + size > extra.Length)
            {
                break;
            }

            if (blockId == id)
            {
                if (count++ == 0)
                {
                    first = extra.Slice(ExtraBlock.HeaderSize, size);
                }
            }

            extra = extra[(ExtraBlock.HeaderSize + size)..];
        }

        return first;
    }

    private static async Task<byte[]> ReadAtAsync(Stream archive, long position, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        archive.Position = position;
        try
        {
            await archive.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new ArchiveRejectedException(ArchiveRejectionCodes.CorruptCentralDirectory, "The archive ends before its central directory does: it is truncated.", innerException: e);
        }

        return buffer;
    }

    /// <summary>The last bytes of the archive, read once, and where they start.</summary>
    private sealed record Tail(long Start, byte[] Bytes);

    /// <summary>An end-record signature's position in the tail, and whether its comment runs past the end of the file.</summary>
    private readonly record struct EndCandidate(int Position, bool CommentTruncated);

    /// <summary>What an end record declares and where its directory must end (the end record, or the ZIP64 record).</summary>
    private sealed record Located(EndValues Declared, string Record, long EndPosition, long DirectoryEnd, List<ArchiveNote> Notes);

    /// <summary>Where a directory starts and its bytes (only its signature when not read whole).</summary>
    private sealed record PlacedDirectory(long Start, ReadOnlyMemory<byte> Directory);

    /// <summary>What an end record (classic or ZIP64) declares.</summary>
    private readonly record struct EndValues(long Disk, long DirectoryDisk, long EntriesOnDisk, long Entries, long DirectorySize, long DirectoryOffset);
}
