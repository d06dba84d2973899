using System.Globalization;
using System.IO.Hashing;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Archive.Corpus;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// ZIP entries ZipArchive cannot read — bzip2, LZMA, zstd, xz and PPMd methods, ZipCrypto and WinZip AES
/// encryption — through the real expander against a real s3rver (issue 17). Archives are made at test
/// time by the tools a user would run: 7-Zip 26 (`7z a -tzip -mm=… / -mem=…`) and Info-ZIP zip 3.0
/// (`-Z bzip2`, `-P`). No installed tool writes zstd (93) into a ZIP, so that container is built here
/// around bytes compressed by the real `zstd` tool; an AE-1 archive is a 7-Zip AES archive (AE-2) with
/// its vendor version set to 1 and its real CRC-32s filled in, the one difference between the two.
/// One small tree is written once per fixture; every archive is a few kilobytes.
/// </summary>
[Category("Integration")]
public sealed class ZipMethodsIntegrationTests() : ArchiveExpansionFixture("zipmethods", 40)
{
    private const string Password = "Secret pass 42";

    /// <summary>Compressible text (so every method really compresses), a small and an empty file.</summary>
    private static readonly IReadOnlyDictionary<string, byte[]> Tree = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["docs/readme.txt"] = TestData.Text(60_000, 21),
        ["data/table.csv"] = TestData.Text(9_000, 22),
        ["tiny.txt"] = "hi"u8.ToArray(),
        ["empty.txt"] = [],
    };

    private string _tree = "";

    [OneTimeSetUp]
    public void CreateTree() => _tree = WriteTree("tree", Tree);

    [TestCase("BZip2", (ushort)12)]
    [TestCase("LZMA", (ushort)14)]
    [TestCase("PPMd", (ushort)98)]
    [TestCase("XZ", (ushort)95)]
    public async Task ExpandAsync_SevenZipMethod_WritesExactBytes(string method, ushort number)
    {
        var archive = await SevenZipAsync($"7z-{method}.zip", "-mm=" + method);
        Assert.That(MethodsOf(archive), Does.Contain(number), "7-Zip wrote the method under test");

        var (_, bucket) = await ExpandAsync($"m-{method}.zip", archive);

        await AssertBucketHoldsExactlyAsync(bucket, $"m-{method}.zip", Tree);
    }

    [Test]
    public async Task ExpandAsync_InfoZipBzip2_WritesExactBytes()
    {
        var archive = Path.Combine(WorkDirectory, "infozip-bzip2.zip");
        await ExternalTool.RunAsync("zip", _tree, ["-q", "-r", "-Z", "bzip2", archive, "."]);
        var bytes = await File.ReadAllBytesAsync(archive);
        Assert.That(MethodsOf(bytes), Does.Contain((ushort)12));

        var (_, bucket) = await ExpandAsync("infozip-bzip2.zip", bytes);

        await AssertBucketHoldsExactlyAsync(bucket, "infozip-bzip2.zip", Tree);
    }

    [TestCase((ushort)93, "zstd", "-19")]
    [TestCase((ushort)95, "xz", "-6")]
    public async Task ExpandAsync_ContainerAroundToolCompressedBytes_WritesExactBytes(ushort method, string tool, string level)
    {
        // No installed tool writes zstd into a ZIP; the entry's bytes come from the real tool, the
        // container around them is built here (xz too, as a second writer of method 95).
        var content = TestData.Text(80_000, 23);
        var compressed = await CompressWithToolAsync(tool, level, content);
        var archive = SingleEntryZip("text.txt", method, compressed, content);

        var (_, bucket) = await ExpandAsync($"raw-{tool}.zip", archive);

        await AssertBucketHoldsExactlyAsync(bucket, $"raw-{tool}.zip", new Dictionary<string, byte[]> { ["text.txt"] = content });
    }

    [Test]
    public async Task ExpandAsync_PpmdModelAboveMaxDictionaryBytes_RejectedWithNothingWritten()
    {
        // 7-Zip lowers the model memory to what the input needs, so the input must be larger than 1 MiB.
        var folder = Directory.CreateDirectory(Path.Combine(WorkDirectory, "ppmd-big")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "big.txt"), TestData.Text(3_000_000, 25));
        var path = Path.Combine(WorkDirectory, "7z-ppmd-16m.zip");
        await ExternalTool.RunAsync("7z", folder, ["a", "-tzip", "-bd", "-mm=PPMd:mem=16m", path, "big.txt"]);
        var archive = await File.ReadAllBytesAsync(path);

        await AssertRejectedAsync("ppmd-big.zip", archive, ArchiveRejectionCodes.LimitExceeded, new Dictionary<string, string?> { ["Archive:MaxDictionaryBytes"] = "1048576" });
    }

    [Test]
    public async Task ExpandAsync_ZstdWindowAboveMaxDictionaryBytes_RejectedWithNothingWritten()
    {
        var content = TestData.Text(3_000_000, 24);
        var compressed = await CompressWithToolAsync("zstd", "--long=22", content);
        var archive = SingleEntryZip("big-window.txt", 93, compressed, content);

        await AssertRejectedAsync("zstd-window.zip", archive, ArchiveRejectionCodes.LimitExceeded, new Dictionary<string, string?> { ["Archive:MaxDictionaryBytes"] = "1048576" });
    }

    [TestCase("AES128")]
    [TestCase("AES192")]
    [TestCase("AES256")]
    [TestCase("ZipCrypto")]
    public async Task ExpandAsync_SevenZipEncryptedWithRightPassword_WritesExactBytes(string cipher)
    {
        var archive = await SevenZipAsync($"7z-{cipher}.zip", "-p" + Password, "-mem=" + cipher);

        // A wrong password listed first: passwords are tried in order.
        var (_, bucket) = await ExpandAsync($"enc-{cipher}.zip", archive, Passwords("not it," + Password));

        await AssertBucketHoldsExactlyAsync(bucket, $"enc-{cipher}.zip", Tree, manifestCrc32s: cipher == "ZipCrypto");
    }

    [Test]
    public async Task ExpandAsync_SevenZipAesWithLzma_WritesExactBytes()
    {
        var archive = await SevenZipAsync("7z-aes-lzma.zip", "-p" + Password, "-mem=AES256", "-mm=LZMA");

        var (_, bucket) = await ExpandAsync("aes-lzma.zip", archive, Passwords(Password));

        await AssertBucketHoldsExactlyAsync(bucket, "aes-lzma.zip", Tree, manifestCrc32s: false);
    }

    [Test]
    public async Task ExpandAsync_InfoZipZipCryptoWithRightPassword_WritesExactBytes()
    {
        var archive = await InfoZipEncryptedAsync();

        var (_, bucket) = await ExpandAsync("infozip-zc.zip", archive, Passwords(Password));

        await AssertBucketHoldsExactlyAsync(bucket, "infozip-zc.zip", Tree);
    }

    [Test]
    public async Task ExpandAsync_WinZipAe1_ChecksCrcAndAuthenticationCode()
    {
        var archive = ToAe1(await SevenZipAsync("7z-ae1-source.zip", "-p" + Password, "-mem=AES256"));
        var codings = ZipListing.Read(new MemoryStream(archive)).Entries.Where(e => e.UncompressedSize > 0)
            .Select(e => (e.Crc32, ZipEntryCoding.Of(e.Flags, e.CompressionMethod, e.ExtraField).AesVendorVersion)).ToList();
        Assert.That(codings, Has.All.Matches<(uint Crc, ushort Version)>(c => c.Crc != 0 && c.Version == 1), "the archive is AE-1 with real CRCs");

        var (_, bucket) = await ExpandAsync("ae1.zip", archive, Passwords(Password));

        await AssertBucketHoldsExactlyAsync(bucket, "ae1.zip", Tree);
    }

    [Test]
    public async Task ExpandAsync_WinZipAe1WithAWrongCrc_RejectedAsEntryDataCorrupt()
    {
        // The authentication code passes (the data is intact); only AE-1's CRC-32 can catch this.
        var archive = ToAe1(await SevenZipAsync("7z-ae1-source.zip", "-p" + Password, "-mem=AES256"), wrongCrcFor: "docs/readme.txt");

        var (outcome, _) = await PutAndExpandAsync("ae1-bad-crc.zip", archive, Passwords(Password));

        Assert.That((outcome as RejectedOutcome)?.Code, Is.EqualTo(ArchiveRejectionCodes.EntryDataCorrupt), (outcome as RejectedOutcome)?.Reason);
        Assert.That((outcome as RejectedOutcome)?.Reason, Does.Contain("CRC-32"));
    }

    [TestCase("AES256", null, ArchiveRejectionCodes.PasswordRequired)]
    [TestCase("AES256", "wrong,also wrong", ArchiveRejectionCodes.WrongPassword)]
    [TestCase("AES128", "wrong", ArchiveRejectionCodes.WrongPassword)]
    [TestCase("ZipCrypto", null, ArchiveRejectionCodes.PasswordRequired)]
    [TestCase("ZipCrypto", "wrong,Secret", ArchiveRejectionCodes.WrongPassword)]
    public async Task ExpandAsync_SevenZipEncryptedWithoutTheRightPassword_RejectedWithNothingWritten(string cipher, string? passwords, string code)
    {
        var archive = await SevenZipAsync($"7z-{cipher}-reject.zip", "-p" + Password, "-mem=" + cipher);

        await AssertRejectedAsync($"nopass-{cipher}-{code}.zip", archive, code, new Dictionary<string, string?> { ["Archive:Passwords"] = passwords });
    }

    [TestCase(null, ArchiveRejectionCodes.PasswordRequired)]
    [TestCase("wrong", ArchiveRejectionCodes.WrongPassword)]
    public async Task ExpandAsync_InfoZipZipCryptoWithoutTheRightPassword_RejectedWithNothingWritten(string? passwords, string code)
    {
        var archive = await InfoZipEncryptedAsync();

        await AssertRejectedAsync($"infozip-{code}.zip", archive, code, new Dictionary<string, string?> { ["Archive:Passwords"] = passwords });
    }

    [Test]
    public async Task ExpandAsync_FirstAesEntryCorrupted_RejectedAsWrongPassword()
    {
        // The verifier passed, the authentication code fails: on the first encrypted entry read, that
        // is what a wrong password that slipped past the verifier looks like (decision 0028).
        var archive = await SevenZipAsync("7z-aes-corrupt-first.zip", "-p" + Password, "-mem=AES256");
        CorruptMiddleOf(archive, FirstInDataOrder(archive));

        await AssertRejectedAsync("aes-corrupt-first.zip", archive, ArchiveRejectionCodes.WrongPassword, new Dictionary<string, string?> { ["Archive:Passwords"] = Password }, allowWritten: true);
    }

    [Test]
    public async Task ExpandAsync_LaterAesEntryCorrupted_RejectedAsEntryDataCorrupt()
    {
        var archive = await SevenZipAsync("7z-aes-corrupt-later.zip", "-p" + Password, "-mem=AES256");
        var listing = ZipListing.Read(new MemoryStream(archive));
        var later = listing.Entries.OrderBy(e => e.LocalHeaderOffset).Where(e => e.CompressedSize > 1_000).Skip(1).First();
        CorruptMiddleOf(archive, later);

        var (outcome, bucket) = await PutAndExpandAsync("aes-corrupt-later.zip", archive, Passwords(Password));

        var keys = await TestData.ListKeysAsync(Client, bucket);
        Assert.Multiple(() =>
        {
            Assert.That((outcome as RejectedOutcome)?.Code, Is.EqualTo(ArchiveRejectionCodes.EntryDataCorrupt), (outcome as RejectedOutcome)?.Reason);
            Assert.That(keys, Has.None.EndsWith("/.ossunzip/manifest.json"), "no manifest");
        });
    }

    private static Dictionary<string, string?> Passwords(string passwords) => new() { ["Archive:Passwords"] = passwords };

    private async Task<byte[]> SevenZipAsync(string name, params string[] options)
    {
        var archive = Path.Combine(WorkDirectory, name);
        if (!File.Exists(archive))
        {
            await ExternalTool.RunAsync("7z", _tree, ["a", "-tzip", "-bd", .. options, archive, "."]);
        }

        return await File.ReadAllBytesAsync(archive);
    }

    private async Task<byte[]> InfoZipEncryptedAsync()
    {
        var archive = Path.Combine(WorkDirectory, "infozip-zc.zip");
        if (!File.Exists(archive))
        {
            await ExternalTool.RunAsync("zip", _tree, ["-q", "-r", "-P", Password, archive, "."]);
        }

        return await File.ReadAllBytesAsync(archive);
    }

    private async Task<byte[]> CompressWithToolAsync(string tool, string level, byte[] content)
    {
        var input = Path.Combine(WorkDirectory, $"{tool}{level}-input.bin");
        await File.WriteAllBytesAsync(input, content);
        await ExternalTool.RunAsync(tool, WorkDirectory, [level, "-q", "-f", "-k", input]);
        var extension = tool == "zstd" ? ".zst" : ".xz";
        return await File.ReadAllBytesAsync(input + extension);
    }

    /// <summary>One entry, local header + data + central directory + end record (APPNOTE 4.3), no data descriptor.</summary>
    private static byte[] SingleEntryZip(string name, ushort method, byte[] compressed, byte[] content)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var crc = Crc32.HashToUInt32(content);
        var local = RawZipRecords.LocalHeader(nameBytes, method, crc, (uint)compressed.Length, (uint)content.Length);
        var central = RawZipRecords.CentralHeader(nameBytes, method, crc, (uint)compressed.Length, (uint)content.Length, 0);
        var directoryOffset = (uint)(local.Length + compressed.Length);
        return [.. local, .. compressed, .. central, .. RawZipRecords.EndOfCentralDirectory(1, (uint)central.Length, directoryOffset)];
    }

    private static ushort[] MethodsOf(byte[] archive) =>
        [.. ZipListing.Read(new MemoryStream(archive)).Entries.Select(e => e.CompressionMethod).Distinct()];

    private static ZipListingEntry FirstInDataOrder(byte[] archive) =>
        ZipListing.Read(new MemoryStream(archive)).Entries.Where(e => e.CompressedSize > 0).OrderBy(e => e.LocalHeaderOffset).First();

    /// <summary>Flips 16 bytes in the middle of the entry's stored data (past the salt and verifier).</summary>
    private static void CorruptMiddleOf(byte[] archive, ZipListingEntry entry)
    {
        var offset = (int)entry.LocalHeaderOffset;
        var dataStart = offset + 30 + BitConverter.ToUInt16(archive, offset + 26) + BitConverter.ToUInt16(archive, offset + 28);
        var middle = dataStart + (int)(entry.CompressedSize / 2);
        for (var i = middle; i < middle + 16; i++)
        {
            archive[i] ^= 0x5A;
        }
    }

    /// <summary>
    /// AE-2 → AE-1 (WinZip AES spec): vendor version 1 in every 0x9901 field, the entry's real CRC-32 in
    /// its local and central headers. The encrypted data and authentication code are unchanged.
    /// </summary>
    private static byte[] ToAe1(byte[] archive, string? wrongCrcFor = null)
    {
        var copy = archive.ToArray();
        var crcs = Tree.ToDictionary(t => "./" + t.Key, t => Crc32.HashToUInt32(t.Value), StringComparer.Ordinal);
        for (var i = 0; i < copy.Length - 4; i++)
        {
            var signature = BitConverter.ToUInt32(copy, i);
            if (signature is not (0x04034b50 or 0x02014b50))
            {
                continue;
            }

            var isLocal = signature == 0x04034b50;
            var nameLength = BitConverter.ToUInt16(copy, i + (isLocal ? 26 : 28));
            var extraLength = BitConverter.ToUInt16(copy, i + (isLocal ? 28 : 30));
            var nameStart = i + (isLocal ? 30 : 46);
            var name = System.Text.Encoding.UTF8.GetString(copy, nameStart, nameLength);
            if (!crcs.TryGetValue(name, out var crc) && !crcs.TryGetValue("./" + name, out crc))
            {
                continue;
            }

            BitConverter.TryWriteBytes(copy.AsSpan(i + (isLocal ? 14 : 16)), name == wrongCrcFor ? ~crc : crc);
            for (var p = nameStart + nameLength; p + 4 <= nameStart + nameLength + extraLength;)
            {
                var id = BitConverter.ToUInt16(copy, p);
                var size = BitConverter.ToUInt16(copy, p + 2);
                if (id == 0x9901)
                {
                    BitConverter.TryWriteBytes(copy.AsSpan(p + 4), (ushort)1);
                }

                p += 4 + size;
            }
        }

        return copy;
    }

}
