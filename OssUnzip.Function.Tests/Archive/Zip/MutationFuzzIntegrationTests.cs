using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// Issue 20 "Done when": mutated archives (deterministic seed, bounded in count and time) through the real
/// expander on s3rver. Fails on any exception out of the expander (a 5xx), any object outside the archive's
/// output folder, a manifest after a non-expanded outcome, or a written object whose bytes differ from
/// CPython zipfile's reading of the same mutated archive (by hand from zipfile's central values where zipfile
/// refuses a local header that we follow the central record past).
/// </summary>
[Category("Integration")]
public sealed class MutationFuzzIntegrationTests() : S3rverFixture(Bucket)
{
    private const string Bucket = "fuzz";
    private const int Mutations = 60;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);

    private string _workspace = null!;

    [OneTimeSetUp]
    public void CreateWorkspace() => _workspace = Directory.CreateTempSubdirectory("ossunzip-fuzz-").FullName;

    [OneTimeTearDown]
    public void DeleteWorkspace() => Directory.Delete(_workspace, recursive: true);

    private static byte[] Seed(int variant) => (variant % 3) switch
    {
        0 => new ZipBuilder().File("a.txt", TestData.Text(3000, 1)).File("b.bin", TestData.Random(900, 2), CompressionLevel.NoCompression).File("c/d.txt", TestData.Text(200, 3)).Build(),
        1 => SharedCases.Input(SharedCases.EndRecordCountZero),
        _ => SharedCases.Input(SharedCases.Zip64ExtraDifferential),
    };

    /// <summary>Overwrites 1-4 bytes (header fields are where parsers differ, so bias towards the first and last 128 bytes), or truncates.</summary>
    private static byte[] Mutate(byte[] archive, Random random)
    {
        var bytes = (byte[])archive.Clone();
        if (random.Next(10) == 0)
        {
            return bytes[..random.Next(1, bytes.Length)];
        }

        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var at = random.Next(3) switch
            {
                0 => random.Next(Math.Min(128, bytes.Length)),
                1 => bytes.Length - 1 - random.Next(Math.Min(128, bytes.Length)),
                _ => random.Next(bytes.Length),
            };
            bytes[at] = random.Next(4) == 0 ? (byte)0xFF : (byte)random.Next(256);
        }

        return bytes;
    }

    [Test]
    public async Task ExpandAsync_MutatedArchives_NeverFailsEscapesOrWritesUnvalidatedBytes()
    {
        var random = new Random(20_2611);
        await using var host = CreateHost(Bucket);
        var clock = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Mutations && clock.Elapsed < Budget; i++)
        {
            var archive = Mutate(Seed(i), random);
            var key = $"zip/m{i}.zip";
            var folder = $"unzip/m{i}/";
            await TestData.PutAsync(Client, Bucket, key, archive);

            ExpansionOutcome outcome;
            try
            {
                outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(Bucket, key), CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Assert.Fail($"mutation {i} (seed variant {i % 3}): the expander threw {e.GetType().Name}: {e.Message}");
                return;
            }

            var name = outcome is RejectedOutcome r ? "rejected " + r.Code : outcome.GetType().Name;
            outcomes[name] = outcomes.GetValueOrDefault(name) + 1;
            var keys = (await TestData.ListKeysAsync(Client, Bucket)).Where(k => !k.StartsWith("zip/", StringComparison.Ordinal)).ToList();
            Assert.That(keys.Where(k => !k.StartsWith("unzip/m", StringComparison.Ordinal) || !IsUnderAnEarlierFolder(k, i)), Is.Empty, $"mutation {i}: objects outside every output folder");
            var written = keys.Where(k => k.StartsWith(folder, StringComparison.Ordinal)).ToList();
            var manifest = RecordKeys.ManifestKeyFor(folder);
            if (outcome is not ExpandedOutcome expanded)
            {
                Assert.That(written, Does.Not.Contain(manifest), $"mutation {i}: manifest after {name}");
                continue;
            }

            var reference = await CPythonReadAsync(archive, i);
            foreach (var planned in expanded.Report.Objects)
            {
                var relative = planned.Key[folder.Length..];
                var bytes = await TestData.GetBytesAsync(Client, Bucket, planned.Key);
                Assert.That(reference.TryGetValue(relative, out var expected), Is.True, $"mutation {i}: '{relative}' is an entry CPython reads");
                Assert.That(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), Is.EqualTo(expected), $"mutation {i}: '{relative}' holds what CPython reads");
            }
        }

        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
    }

    private static bool IsUnderAnEarlierFolder(string key, int last)
    {
        var slash = key.IndexOf('/', "unzip/".Length);
        return slash > 0 && int.TryParse(key.AsSpan("unzip/m".Length, slash - "unzip/m".Length), out var n) && n <= last;
    }

    /// <summary>Entry name → SHA-256 of CPython's reading; empty when CPython refuses the archive.</summary>
    private async Task<Dictionary<string, string>> CPythonReadAsync(byte[] archive, int index)
    {
        var path = Path.Combine(_workspace, $"m{index}.zip");
        await File.WriteAllBytesAsync(path, archive);
        const string script = """
            import hashlib, json, struct, sys, zipfile, zlib
            raw = open(sys.argv[1], 'rb').read()
            def by_hand(info):
                # zipfile refuses a local name that differs from the central one; read as the central record says.
                n, m = struct.unpack('<HH', raw[info.header_offset + 26:info.header_offset + 30])
                start = info.header_offset + 30 + n + m
                data = raw[start:start + info.compress_size]
                data = zlib.decompress(data, -15) if info.compress_type == 8 else data
                if zlib.crc32(data) != info.CRC:
                    raise ValueError('crc')
                return data
            out = {}
            with zipfile.ZipFile(sys.argv[1]) as z:
                for info in z.infolist():
                    if not info.is_dir():
                        try:
                            out[info.filename] = hashlib.sha256(z.read(info)).hexdigest()
                        except Exception:
                            out[info.filename] = hashlib.sha256(by_hand(info)).hexdigest()
            print(json.dumps(out))
            """;
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? JsonSerializer.Deserialize<Dictionary<string, string>>(output)! : [];
    }
}
