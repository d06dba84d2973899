using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Tests.Archive.Corpus;
using static OssUnzip.Function.Archive.Zip.ZipHeaderFields;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// Issue 20 §1 (case zip64-extra-differential and the rest of its kind): the bytes read for an entry are
/// the ones the checks validated. Every reading goes through the writer's path (<see cref="ViewPipeline"/>)
/// and records where each entry's first data byte came from; that is compared with the offset of an
/// independent reader (CPython's zipfile, for the corpus) or with where the crafted archive put the data.
/// </summary>
internal sealed class OneReadingTests
{
    private static readonly byte[] Good = "GOOD-ok\n"u8.ToArray();
    private static readonly byte[] Evil = "EVIL-no\n"u8.ToArray();

    private static long DataOffsetOf(byte[] archive, long localHeader) =>
        localHeader + ZipHeaderFields.Local.FixedSize
        + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan((int)localHeader + ZipHeaderFields.Local.NameLength))
        + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan((int)localHeader + ZipHeaderFields.Local.ExtraLength));

    [Test]
    public async Task ReadAsync_Zip64ExtraDifferentialCase_ReadsTheOffsetTheCentralRecordNames()
    {
        var archive = SharedCases.Input(SharedCases.Zip64ExtraDifferential);

        var reading = await ViewPipeline.ReadAsync(archive);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reading.Layout.Entries.Single().LocalHeaderOffset, Is.Zero);
            Assert.That(reading.FirstDataReads[0], Is.EqualTo(DataOffsetOf(archive, 0)));
            Assert.That(reading.Contents[0], Is.EqualTo(SharedCases.Zip64ExtraDifferentialOutput["a"]));
        }
    }

    /// <summary>Legal and tolerated ZIP64 shapes: the entry is read from its real header, never the decoy's.</summary>
    private static IEnumerable<TestCaseData> ReadableShapes()
    {
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, SaturateOffset = true, CentralExtra = e => CraftedZip.Zip64(CraftedZip.U64(e.Offset)) }).SetName("ReadAsync_Zip64OffsetOnly_ReadsTheRealHeader");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, SaturateOffset = true, CentralExtra = e => CraftedZip.Zip64(CraftedZip.U64(e.Offset), CraftedZip.U32(0)) }).SetName("ReadAsync_Zip64OffsetAndDisk_ReadsTheRealHeader");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, SaturateOffset = true, CentralExtra = e => CraftedZip.Zip64(CraftedZip.U64(e.Offset, 0, e.DecoyOffset), CraftedZip.U32(0)) }).SetName("ReadAsync_Zip64OffsetFirstInA28ByteBlock_ReadsTheFirstValue");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, SaturateOffset = true, CentralExtra = e => CraftedZip.Zip64(CraftedZip.U64(e.Offset, e.DecoyOffset)) }).SetName("ReadAsync_Zip64BlockLongerThanItsFields_ReadsOnlyTheSaturatedOnes");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, SaturateUncompressed = true, SaturateCompressed = true, SaturateOffset = true, CentralExtra = e => CraftedZip.Zip64(CraftedZip.U64(Good.Length, Good.Length, e.Offset)) }).SetName("ReadAsync_Zip64AllThreeFields_ReadsThemInOrder");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, SaturateUncompressed = true, SaturateCompressed = true, CentralExtra = e => CraftedZip.Zip64(CraftedZip.U64(Good.Length, Good.Length, e.DecoyOffset)) }).SetName("ReadAsync_Zip64SizesOnlyWithAStrayOffset_KeepsTheFixedOffset");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, CentralExtra = e => CraftedZip.Zip64(CraftedZip.U64(99, 99, e.DecoyOffset)) }).SetName("ReadAsync_Zip64BlockWithNothingSaturated_IsIgnored");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, LocalExtra = CraftedZip.Zip64(CraftedZip.U64(0, 0)) }).SetName("ReadAsync_Zip64BlockInTheLocalHeaderOnly_FollowsTheCentralRecord");
        yield return new TestCaseData(new CraftedEntry("a", Good) { LocalName = "b" }).SetName("ReadAsync_LocalNameDiffers_FollowsTheCentralRecord");
        yield return new TestCaseData(new CraftedEntry("a", Good) { LocalFlags = FlagBits.DataDescriptor, LocalSize = 0, LocalCrc = 0 }).SetName("ReadAsync_LocalSizesZeroWithDataDescriptorFlag_FollowsTheCentralRecord");
        yield return new TestCaseData(new CraftedEntry("a", Good) { LocalSize = 3, LocalCrc = 7 }).SetName("ReadAsync_LocalSizesAndCrcDiffer_FollowsTheCentralRecord");
        yield return new TestCaseData(new CraftedEntry("a", Good) { LocalExtra = CraftedZip.Block(0x5455, [1, 2, 3, 4, 5]) }).SetName("ReadAsync_LocalExtraCentralLacks_SkipsItByItsLength");
    }

    [TestCaseSource(nameof(ReadableShapes))]
    public async Task ReadAsync_CraftedShape_ReadsExactlyTheValidatedBytes(CraftedEntry entry)
    {
        var archive = CraftedZip.Build(entry);

        var reading = await ViewPipeline.ReadAsync(archive);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reading.Layout.Entries.Single().LocalHeaderOffset, Is.EqualTo(entry.Offset));
            Assert.That(reading.FirstDataReads[0], Is.EqualTo(DataOffsetOf(archive, entry.Offset)));
            Assert.That(reading.Contents[0], Is.EqualTo(Good));
        }
    }

    /// <summary>Shapes two readers could read two ways, or that put the data where it cannot be: rejected, naming what is wrong.</summary>
    private static IEnumerable<TestCaseData> RejectedShapes()
    {
        yield return new TestCaseData(new CraftedEntry("a", Good) { SaturateOffset = true }, ArchiveRejectionCodes.CorruptCentralDirectory, "missing or too short").SetName("ReadAsync_Zip64OffsetSaturatedWithoutABlock_IsRejected");
        yield return new TestCaseData(new CraftedEntry("a", Good) { SaturateOffset = true, CentralExtra = _ => CraftedZip.Zip64(CraftedZip.U32(0)) }, ArchiveRejectionCodes.CorruptCentralDirectory, "missing or too short").SetName("ReadAsync_Zip64BlockTooShort_IsRejected");
        yield return new TestCaseData(new CraftedEntry("a", Good) { SaturateOffset = true, CentralExtra = e => CraftedZip.Block(1, CraftedZip.U64(e.Offset), declaredSize: 40) }, ArchiveRejectionCodes.CorruptCentralDirectory, "missing or too short").SetName("ReadAsync_Zip64BlockRunsPastTheExtraField_IsRejected");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, SaturateOffset = true, CentralExtra = e => [.. CraftedZip.Zip64(CraftedZip.U64(e.Offset)), .. CraftedZip.Zip64(CraftedZip.U64(e.DecoyOffset))] }, ArchiveRejectionCodes.CorruptCentralDirectory, "2 ZIP64 extra blocks").SetName("ReadAsync_TwoZip64Blocks_IsRejected");
        yield return new TestCaseData(new CraftedEntry("a", Good) { SaturateOffset = true, CentralExtra = _ => CraftedZip.Zip64(CraftedZip.U64(-5)) }, ArchiveRejectionCodes.CorruptCentralDirectory, "impossible").SetName("ReadAsync_Zip64NegativeOffset_IsRejected");
        yield return new TestCaseData(new CraftedEntry("a", Good) { LocalMethod = 8 }, ArchiveRejectionCodes.LocalHeaderMismatch, "compression method 8").SetName("ReadAsync_LocalMethodDiffers_IsRejected");
        yield return new TestCaseData(new CraftedEntry("a", Good) { LocalFlags = FlagBits.Encrypted }, ArchiveRejectionCodes.LocalHeaderMismatch, "encryption").SetName("ReadAsync_LocalEncryptionFlagDiffers_IsRejected");
        yield return new TestCaseData(new CraftedEntry("a", Good) { Decoy = Evil, SaturateOffset = true, CentralExtra = e => CraftedZip.Zip64(CraftedZip.U64(e.Offset + 1)) }, ArchiveRejectionCodes.LocalHeaderMismatch, "no local file header").SetName("ReadAsync_OffsetNotAtALocalHeader_IsRejected");
    }

    [TestCaseSource(nameof(RejectedShapes))]
    public void ReadAsync_CraftedShape_IsRejectedWithItsCode(CraftedEntry entry, string code, string message)
    {
        var archive = CraftedZip.Build(entry);

        Assert.That(async () => await ViewPipeline.ReadAsync(archive), Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(code).And.Message.Contains(message));
    }

    [Test]
    public void ReadAsync_LocalExtraLengthPushesDataIntoTheDirectory_IsRejected()
    {
        // The local extra length says 200 bytes; the data would then start past the central directory.
        var archive = CraftedZip.Build(new CraftedEntry("a", Good));
        BinaryPrimitives.WriteUInt16LittleEndian(archive.AsSpan(ZipHeaderFields.Local.ExtraLength), 200);

        Assert.That(async () => await ViewPipeline.ReadAsync(archive), Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(ArchiveRejectionCodes.LocalHeaderMismatch).And.Message.Contains("run past"));
    }

    [Test]
    public void ReadAsync_LocalNameLongerThanCentral_PushingDataIntoTheNextEntry_IsRejected()
    {
        // The first local header claims a 20-byte name where one byte is written: its data would start inside b's header.
        var archive = CraftedZip.Build(new CraftedEntry("a", Good), new CraftedEntry("b", Good));
        BinaryPrimitives.WriteUInt16LittleEndian(archive.AsSpan(ZipHeaderFields.Local.NameLength), 20);

        Assert.That(async () => await ViewPipeline.ReadAsync(archive), Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(ArchiveRejectionCodes.LocalHeaderMismatch));
    }

    private static IEnumerable<CorpusCase> LightCases => ArchiveCorpus.Light;

    /// <summary>
    /// Every corpus archive: where CPython's zipfile (an independent reader of the same central directory
    /// and local headers; a struct walk where zipfile refuses the names) finds each entry's data, and what it reads there, is where our path read it
    /// and what it produced. Archives we reject are held to nothing read.
    /// </summary>
    [TestCaseSource(nameof(LightCases))]
    public async Task ReadAsync_CorpusArchive_DataComesFromWhereCPythonFindsIt(CorpusCase corpusCase)
    {
        await using var workspace = new CorpusWorkspace();
        var path = await corpusCase.BuildAsync(workspace);
        var archive = await File.ReadAllBytesAsync(path);
        var python = await PythonOffsetsAsync(workspace, path);

        ViewReading reading;
        try
        {
            reading = await ViewPipeline.ReadAsync(archive);
        }
        catch (Exception e) when (e is ArchiveRejectedException or InvalidDataException or NotSupportedException or OssUnzip.Function.Archive.Writing.EntryCorruptException)
        {
            Assert.That(corpusCase.Expected, Is.Not.TypeOf<ExpectedExpansion>(), $"{corpusCase.Id} expands, but our read path refused it: {e.Message}");
            return;
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var (index, position) in reading.FirstDataReads)
            {
                Assert.That(python.TryGetValue(index, out var expected), Is.True, $"entry {index} is known to CPython");
                Assert.That(position, Is.EqualTo(expected!.DataOffset), $"entry {index}: data offset");
                if (expected.Sha256 is not null)
                {
                    Assert.That(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(reading.Contents[index])), Is.EqualTo(expected.Sha256), $"entry {index}: content");
                }
            }
        }
    }

    private sealed record PythonEntry(long DataOffset, string? Sha256);

    /// <summary>
    /// CPython's zipfile where it reads the archive; where it refuses (a UTF-8 flag over bytes that are not
    /// UTF-8), a plain struct walk of the last end record's directory, with APPNOTE's ZIP64 rule.
    /// </summary>
    private const string PythonScript = """
        import hashlib, json, struct, sys, zipfile
        path = sys.argv[1]
        data = open(path, 'rb').read()
        def data_offset(header_offset):
            n, m = struct.unpack('<HH', data[header_offset + 26:header_offset + 30])
            return header_offset + 30 + n + m
        out = {}
        try:
            with zipfile.ZipFile(path) as z:
                for i, info in enumerate(z.infolist()):
                    try:
                        digest = hashlib.sha256(z.read(info)).hexdigest()
                    except Exception:
                        digest = None
                    out[i] = {'dataOffset': data_offset(info.header_offset), 'sha256': digest}
        except UnicodeDecodeError:
            end = data.rfind(b'PK\x05\x06')
            count, size, offset = struct.unpack('<xxxxxxxxxxHII', data[end:end + 20])
            start = end - size
            concat = start - offset
            at = start
            for i in range(count):
                (usize,) = struct.unpack('<I', data[at + 24:at + 28])
                (csize,) = struct.unpack('<I', data[at + 20:at + 24])
                n, m, k = struct.unpack('<HHH', data[at + 28:at + 34])
                (local,) = struct.unpack('<I', data[at + 42:at + 46])
                if local == 0xFFFFFFFF:
                    extra = data[at + 46 + n:at + 46 + n + m]
                    while len(extra) >= 4:
                        bid, bsize = struct.unpack('<HH', extra[:4])
                        if bid == 1:
                            skip = 8 * ((usize == 0xFFFFFFFF) + (csize == 0xFFFFFFFF))
                            (local,) = struct.unpack('<Q', extra[4 + skip:12 + skip])
                            break
                        extra = extra[4 + bsize:]
                out[i] = {'dataOffset': data_offset(local + concat), 'sha256': None}
                at += 46 + n + m + k
        print(json.dumps(out))
        """;

    private static async Task<Dictionary<int, PythonEntry>> PythonOffsetsAsync(CorpusWorkspace workspace, string archivePath)
    {
        var script = Path.Combine(workspace.Root, "offsets.py");
        await File.WriteAllTextAsync(script, PythonScript, Encoding.UTF8);
        string json;
        try
        {
            json = await workspace.RunAsync("python3", null, [script, archivePath]);
        }
        catch (InvalidOperationException)
        {
            // CPython refuses the archive (no directory it can read): nothing to compare against.
            return [];
        }

        return JsonSerializer.Deserialize<Dictionary<int, PythonEntry>>(json, JsonSerializerOptions.Web)!;
    }
}
