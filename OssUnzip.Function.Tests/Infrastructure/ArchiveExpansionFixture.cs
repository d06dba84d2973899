using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Routing;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Infrastructure;

/// <summary>
/// Base of the integration fixtures that expand archives made at test time by real tools: a work folder
/// of the fixture's own (ossunzip-&lt;bucket prefix&gt;-…, deleted after the fixture) to write source
/// trees and archives in; an archive put as <c>zip/&lt;name&gt;</c> into a bucket no other test uses and
/// expanded by the real app over the fixture's s3rver; and the checks these fixtures share: expanded,
/// rejected with nothing written, and "the bucket holds exactly these files".
/// </summary>
public abstract class ArchiveExpansionFixture : S3rverFixture
{
    private readonly string _workPrefix;

    protected ArchiveExpansionFixture(string bucketPrefix, int bucketCount)
        : base(bucketPrefix, bucketCount) => _workPrefix = $"ossunzip-{bucketPrefix}-";

    /// <summary>The fixture's own temporary folder, made before its tests.</summary>
    protected string WorkDirectory { get; private set; } = "";

    [OneTimeSetUp]
    public void CreateWorkDirectory() => WorkDirectory = Directory.CreateTempSubdirectory(_workPrefix).FullName;

    [OneTimeTearDown]
    public void DeleteWorkDirectory() => Directory.Delete(WorkDirectory, recursive: true);

    /// <summary>Writes the files (names with '/' make folders) below a new folder of the work directory; returns its path.</summary>
    protected string WriteTree(string name, IReadOnlyDictionary<string, byte[]> files)
    {
        var root = Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;
        foreach (var (path, data) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, data);
        }

        return root;
    }

    /// <summary>Puts the object into the next unused bucket; returns the bucket.</summary>
    protected async Task<string> PutInNewBucketAsync(string key, byte[] data)
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, key, data);
        return bucket;
    }

    /// <summary>Puts the archive as zip/<paramref name="name"/> into a new bucket and expands it as its PUT event would.</summary>
    protected async Task<(ExpansionOutcome Outcome, string Bucket)> PutAndExpandAsync(
        string name,
        byte[] archive,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var bucket = await PutInNewBucketAsync("zip/" + name, archive);
        await using var host = CreateHost(bucket, settings, configureServices: configureServices);
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/" + name), CancellationToken.None);
        return (outcome, bucket);
    }

    /// <summary><see cref="PutAndExpandAsync"/>, held to have expanded; returns its report.</summary>
    protected async Task<(ExpansionReport Report, string Bucket)> ExpandAsync(
        string name,
        byte[] archive,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var (outcome, bucket) = await PutAndExpandAsync(name, archive, settings, configureServices);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), outcome is RejectedOutcome r ? $"{r.Code}: {r.Reason}" : outcome.ToString());
        return (((ExpandedOutcome)outcome).Report, bucket);
    }

    /// <summary>
    /// <see cref="PutAndExpandAsync"/>, held to be rejected with <paramref name="code"/>: no manifest, no
    /// configured password in the reason, and (unless <paramref name="allowWritten"/>: a rejection found
    /// after objects were written) nothing in the bucket but the archive and the rejection record.
    /// </summary>
    protected async Task AssertRejectedAsync(string name, byte[] archive, string code, IDictionary<string, string?>? settings = null, bool allowWritten = false)
    {
        var (outcome, bucket) = await PutAndExpandAsync(name, archive, settings);

        var keys = await TestData.ListKeysAsync(Client, bucket);
        var passwords = settings is not null && settings.TryGetValue("Archive:Passwords", out var p) ? p ?? "" : "";
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.TypeOf<RejectedOutcome>());
            Assert.That((outcome as RejectedOutcome)?.Code, Is.EqualTo(code), (outcome as RejectedOutcome)?.Reason);
            Assert.That(keys, Has.None.EndsWith("/.ossunzip/manifest.json"), "no manifest");
            if (!allowWritten)
            {
                Assert.That(keys.Where(k => !k.EndsWith("/.ossunzip/rejection.json", StringComparison.Ordinal)), Is.EqualTo(new[] { "zip/" + name }), "nothing written but the rejection record");
            }

            foreach (var secret in passwords.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.That((outcome as RejectedOutcome)?.Reason, Does.Not.Contain(secret), "a password never appears in a rejection");
            }
        });
    }

    /// <summary>
    /// The bucket holds the archive zip/<paramref name="name"/>, its manifest and exactly these files below
    /// the archive's output folder, byte for byte, each listed in the manifest with its CRC-32 (and the
    /// manifest naming <paramref name="format"/>, when given). <paramref name="manifestCrc32s"/> false
    /// leaves the manifest's CRC-32s unchecked: a WinZip AE-2 entry declares none (the manifest records
    /// 00000000; its data is checked by the authentication code instead).
    /// </summary>
    protected async Task AssertBucketHoldsExactlyAsync(string bucket, string name, IReadOnlyDictionary<string, byte[]> files, string? format = null, bool manifestCrc32s = true)
    {
        Assert.That(ArchiveSuffixes.TrySplit(name, out var stem, out _), Is.True);
        var prefix = "unzip/" + stem + "/";
        var keys = await TestData.ListKeysAsync(Client, bucket);
        var manifestKey = prefix + ".ossunzip/manifest.json";
        Assert.That(keys, Is.EquivalentTo(files.Keys.Select(k => prefix + k).Append("zip/" + name).Append(manifestKey)));
        var manifest = ExpansionManifest.TryParse(await TestData.GetBytesAsync(Client, bucket, manifestKey));
        Assert.That(manifest, Is.Not.Null);
        if (format is not null)
        {
            Assert.That(manifest!.Summary.Format, Is.EqualTo(format));
        }

        Assert.That(manifest!.Entries.Select(e => e.Key), Is.EquivalentTo(files.Keys.Select(k => prefix + k)));
        foreach (var (path, data) in files)
        {
            var stored = await TestData.GetBytesAsync(Client, bucket, prefix + path);
            Assert.That(stored, Is.EqualTo(data), path);
            if (manifestCrc32s)
            {
                Assert.That(manifest.Entries.Single(e => e.Key == prefix + path).Crc32, Is.EqualTo(System.IO.Hashing.Crc32.HashToUInt32(data).ToString("x8", CultureInfo.InvariantCulture)), path);
            }
        }
    }
}
