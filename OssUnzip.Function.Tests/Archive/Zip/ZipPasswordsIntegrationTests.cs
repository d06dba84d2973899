using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Storage;
using OssUnzip.Function.Tests.Archive.Corpus;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// Per-entry passwords and the dictionary check of every entry before writing (issue 17, decision 0041),
/// through the real expander against a real s3rver. Archives are made by the tools a user would run:
/// Info-ZIP zip 3.0 (`zip -P a`, then the same archive updated with `zip -P b`) and 7-Zip 26
/// (`7z a -tzip -p… -mem=AES256`, `-mm=LZMA -md=…`), so one archive holds entries under two passwords
/// or two dictionary sizes exactly as those tools write them.
/// </summary>
[Category("Integration")]
public sealed class ZipPasswordsIntegrationTests() : ArchiveExpansionFixture("zippw", 30)
{
    private const string PasswordA = "first pass A1";
    private const string PasswordB = "second pass B2";

    /// <summary>Written first, under <see cref="PasswordA"/>.</summary>
    private static readonly IReadOnlyDictionary<string, byte[]> PartA = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["a/readme.txt"] = TestData.Text(40_000, 31),
        ["a/tiny.txt"] = "hi"u8.ToArray(),
    };

    /// <summary>Added by an update, under <see cref="PasswordB"/>.</summary>
    private static readonly IReadOnlyDictionary<string, byte[]> PartB = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["b/table.csv"] = TestData.Text(9_000, 32),
        ["b/notes.txt"] = TestData.Text(3_000, 33),
    };

    private string _tree = "";

    [OneTimeSetUp]
    public void CreateTree() => _tree = WriteTree("tree", PartA.Concat(PartB).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    [TestCase("zipcrypto", false)]
    [TestCase("zipcrypto", true)]
    [TestCase("aes", false)]
    [TestCase("aes", true)]
    [TestCase("mixed", false)]
    [TestCase("mixed", true)]
    public async Task ExpandAsync_EntriesUnderTwoConfiguredPasswords_WritesExactBytes(string kind, bool reversed)
    {
        var archive = await TwoPasswordArchiveAsync(kind);
        var passwords = reversed ? $"{PasswordB},{PasswordA}" : $"{PasswordA},{PasswordB}";

        var (_, bucket) = await ExpandAsync($"two-{kind}-{reversed}.zip", archive, Passwords(passwords));

        await AssertBucketHoldsExactlyAsync(bucket, $"two-{kind}-{reversed}.zip", PartA.Concat(PartB).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), manifestCrc32s: kind == "zipcrypto");
    }

    [Test]
    public async Task ExpandAsync_LaterEntriesUnderAnUnconfiguredPassword_RejectedAsWrongPasswordWithoutManifest()
    {
        // AES on both sides: a wrong password passes its 2-byte verifier 1 time in 65,536, so the
        // outcome does not depend on the random salts.
        var archive = await TwoPasswordArchiveAsync("aes");

        var (outcome, bucket) = await PutAndExpandAsync("unconfigured.zip", archive, Passwords($"not it,{PasswordA}"));

        var keys = await TestData.ListKeysAsync(Client, bucket);
        var rejected = outcome as RejectedOutcome;
        Assert.Multiple(() =>
        {
            Assert.That(rejected?.Code, Is.EqualTo(ArchiveRejectionCodes.WrongPassword), rejected?.Reason);
            Assert.That(rejected?.Reason, Does.Contain("b/").And.Not.Contain(PasswordA), "names the entry, never a password");
            Assert.That(keys, Has.None.EndsWith("/.ossunzip/manifest.json"), "no manifest");
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ExpandAsync_WrongPasswordPassesTheFirstEntrysZipCryptoCheck_RetriesAndWritesExactBytes(bool multipart)
    {
        // The first entry is 300 kB of noise (stored): with 100 kB parts its object is a multipart upload
        // that the wrong password's CRC-32 failure must abort before the right password writes it.
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["big.bin"] = TestData.Random(300_000, 34),
            ["small.txt"] = TestData.Text(5_000, 35),
        };
        var folder = WriteTree($"falsepass-{multipart}", files);
        var path = Path.Combine(WorkDirectory, $"falsepass-{multipart}.zip");
        await ExternalTool.RunAsync("zip", folder, ["-q", "-P", PasswordA, path, "big.bin", "small.txt"]);
        var archive = await File.ReadAllBytesAsync(path);
        var impostor = await FindFalseVerifierPassAsync(archive, "big.bin");
        var settings = Passwords($"{impostor},{PasswordA}");
        if (multipart)
        {
            settings["Archive:PartSizeBytes"] = "102400";
        }

        var (report, bucket) = await ExpandAsync($"falsepass-{multipart}.zip", archive, settings);

        await AssertBucketHoldsExactlyAsync(bucket, $"falsepass-{multipart}.zip", files);
        Assert.That(report.BytesWritten, Is.EqualTo(files.Values.Sum(f => (long)f.Length)), "the impostor's aborted parts are not counted");
    }

    [Test]
    public async Task ExpandAsync_OnlyAWrongPasswordPassingTheFirstLzmaEntrysCheck_WrongPasswordWithNothingWritten()
    {
        // The impostor's noise reaches the LZMA header the check before writing reads: whatever it breaks
        // (the properties, a dictionary size over the limit), on the first encrypted entry it is the password's fault.
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["packed.txt"] = TestData.Text(50_000, 38) };
        var folder = WriteTree("falsepass-lzma", files);
        var path = Path.Combine(WorkDirectory, "falsepass-lzma.zip");
        await ExternalTool.RunAsync("7z", folder, ["a", "-tzip", "-bd", "-mm=LZMA", "-mem=ZipCrypto", "-p" + PasswordA, path, "packed.txt"]);
        var archive = await File.ReadAllBytesAsync(path);
        var impostor = await FindFalseVerifierPassAsync(archive, "packed.txt");

        await AssertRejectedAsync("falsepass-lzma.zip", archive, ArchiveRejectionCodes.WrongPassword, Passwords(impostor));
    }

    [Test]
    public async Task ExpandAsync_LaterLzmaEntryDictionaryAboveTheLimit_RejectedWithNothingWritten()
    {
        // 7-Zip shrinks an LZMA dictionary to the input's size, so the later entry is larger than 2 MiB.
        var folder = WriteTree("dictionaries", new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["first.txt"] = TestData.Text(20_000, 36),
            ["later.txt"] = TestData.Text(3_000_000, 37),
        });
        var path = Path.Combine(WorkDirectory, "dictionaries.zip");
        await ExternalTool.RunAsync("7z", folder, ["a", "-tzip", "-bd", "-mm=LZMA", "-md=64k", path, "first.txt"]);
        await ExternalTool.RunAsync("7z", folder, ["a", "-tzip", "-bd", "-mm=LZMA", "-md=4m", path, "later.txt"]);
        var archive = await File.ReadAllBytesAsync(path);
        var dictionaries = LzmaDictionariesInDataOrder(archive);
        Assert.That(dictionaries, Has.Count.EqualTo(2));
        Assert.That(dictionaries[0], Is.LessThanOrEqualTo(1 << 20), "the first LZMA entry is within the limit");
        Assert.That(dictionaries[1], Is.GreaterThan(1 << 20), "the later one is above it");

        var settings = new Dictionary<string, string?> { ["Archive:MaxDictionaryBytes"] = "1048576" };

        // The check before writing itself refuses it (the writer's own check would come after the first object).
        var probe = await RunPreflightAsync("zip/dictionaries-probe.zip", archive, settings);
        Assert.That(probe.Rejection?.Code, Is.EqualTo(ArchiveRejectionCodes.LimitExceeded));
        Assert.That(probe.Rejection?.Entries.Single(), Is.EqualTo("later.txt"));
        await AssertRejectedAsync("dictionaries.zip", archive, ArchiveRejectionCodes.LimitExceeded, settings);
    }

    [Test]
    public async Task CheckAsync_TwoThousandSmallLzmaEntries_ProbesEveryEntryInFewGets()
    {
        var files = Enumerable.Range(0, 2_000).ToDictionary(i => $"f/{i:D4}.txt", i => TestData.Text(400, 1_000 + i), StringComparer.Ordinal);
        var folder = WriteTree("many-lzma", files);
        var path = Path.Combine(WorkDirectory, "many-lzma.zip");
        await ExternalTool.RunAsync("7z", folder, ["a", "-tzip", "-bd", "-mm=LZMA", path, "f"]);
        var archive = await File.ReadAllBytesAsync(path);
        var (gets, rejection) = await RunPreflightAsync("zip/many-lzma.zip", archive);

        Assert.That(rejection, Is.Null);
        TestContext.Out.WriteLine($"{archive.Length} bytes, 2000 LZMA entries probed with {gets} GETs");
        Assert.That(gets, Is.LessThanOrEqualTo((archive.Length / ZipPreflight.ProbeReadAheadBytes) + 2), "read-ahead coalesces the probes");
    }

    /// <summary>Runs only the check before writing over the archive, as stored in a new bucket: its GETs, and its rejection if any.</summary>
    private async Task<(int Gets, ArchiveRejectedException? Rejection)> RunPreflightAsync(string key, byte[] archive, IDictionary<string, string?>? settings = null)
    {
        var bucket = await PutInNewBucketAsync(key, archive);
        await using var host = CreateHost(bucket, settings);
        var version = await host.Store.TryGetVersionAsync(bucket, key, CancellationToken.None);
        var layout = await ZipDirectoryReader.ReadAsync(new MemoryStream(archive), 100_000, 1 << 28, CancellationToken.None);
        var writes = layout.Entries.OrderBy(e => e.LocalHeaderOffset).Where(e => e.UncompressedSize > 0)
            .Select(e => new PlannedEntry(e, Encoding.UTF8.GetString(e.RawName.Span), "unzip/x/", Encoding.UTF8.GetString(e.RawName.Span), "text/plain"))
            .ToList();
        try
        {
            var (_, gets) = await host.Services.GetRequiredService<ZipPreflight>().CheckAsync(new ArchiveSource(bucket, key, version!), layout, writes, CancellationToken.None);
            return (gets, null);
        }
        catch (ArchiveRejectedException e)
        {
            return (0, e);
        }
    }

    private static Dictionary<string, string?> Passwords(string passwords) => new() { ["Archive:Passwords"] = passwords };

    /// <summary>Part A under password A, then the same archive updated with part B under password B.</summary>
    private async Task<byte[]> TwoPasswordArchiveAsync(string kind)
    {
        var path = Path.Combine(WorkDirectory, $"two-{kind}.zip");
        if (!File.Exists(path))
        {
            var (first, second) = kind switch
            {
                "zipcrypto" => (ZipCrypto(PasswordA), ZipCrypto(PasswordB)),
                "aes" => (SevenZipAes(PasswordA), SevenZipAes(PasswordB)),
                _ => (ZipCrypto(PasswordA), SevenZipAes(PasswordB)),
            };
            await first(path, PartA.Keys);
            await second(path, PartB.Keys);
        }

        return await File.ReadAllBytesAsync(path);
    }

    private Func<string, IEnumerable<string>, Task> ZipCrypto(string password) =>
        (path, names) => ExternalTool.RunAsync("zip", _tree, ["-q", "-P", password, path, .. names]);

    private Func<string, IEnumerable<string>, Task> SevenZipAes(string password) =>
        (path, names) => ExternalTool.RunAsync("7z", _tree, ["a", "-tzip", "-bd", "-p" + password, "-mem=AES256", path, .. names]);

    /// <summary>A password other than the right one whose ZipCrypto check byte the entry's header passes (1 in 256 do).</summary>
    private static async Task<string> FindFalseVerifierPassAsync(byte[] archive, string entryName)
    {
        var layout = await ZipDirectoryReader.ReadAsync(new MemoryStream(archive), 100, 1 << 28, CancellationToken.None);
        var entry = layout.Entries.Single(e => Encoding.UTF8.GetString(e.RawName.Span) == entryName);
        var dataStart = (int)entry.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan((int)entry.LocalHeaderOffset + 26)) + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan((int)entry.LocalHeaderOffset + 28));
        var header = await ZipEncryptionHeader.ReadAsync(entry, entryName, new MemoryStream(archive, dataStart, (int)entry.CompressedSize), entry.CompressedSize, CancellationToken.None);
        var candidates = Enumerable.Range(0, 20_000).Select(i => $"impostor-{i}").ToList();
        var index = header.FirstPassing(candidates, 0);
        Assert.That(index, Is.GreaterThanOrEqualTo(0), "some wrong password passes a 1-byte check");
        Assert.That(header.FirstPassing([PasswordA], 0), Is.Zero, "the right one passes too");
        return candidates[index];
    }

    /// <summary>Each LZMA entry's declared dictionary (APPNOTE 5.8: 2-byte version, 2-byte size, properties), in data order.</summary>
    private static List<uint> LzmaDictionariesInDataOrder(byte[] archive)
    {
        var listing = ZipListing.Read(new MemoryStream(archive));
        return [.. listing.Entries.Where(e => e.CompressionMethod == 14).OrderBy(e => e.LocalHeaderOffset).Select(e =>
        {
            var offset = (int)e.LocalHeaderOffset;
            var data = offset + 30 + BitConverter.ToUInt16(archive, offset + 26) + BitConverter.ToUInt16(archive, offset + 28);
            return BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(data + 4 + 1));
        })];
    }
}
