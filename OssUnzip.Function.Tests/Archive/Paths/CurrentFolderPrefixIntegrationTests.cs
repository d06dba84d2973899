using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Paths;

/// <summary>
/// Archives made the way the README's newcomer makes them, <c>tar -C dir -czf x.tar.gz .</c>, by GNU tar
/// and by bsdtar (which also writes ZIP and 7z so): every member is named <c>./…</c> beside a <c>./</c>
/// (or <c>.</c>) root member. The manifest lists no renames for them (decision 0046), while a real
/// rename in the same archive, made by the same tools, is still listed with its code.
/// </summary>
[Category("Integration")]
public sealed class CurrentFolderPrefixIntegrationTests() : ArchiveExpansionFixture("dotslash", 8)
{
    private static readonly IReadOnlyDictionary<string, byte[]> Tree = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["a.txt"] = TestData.Text(300, 1),
        ["sub/b.txt"] = TestData.Text(200, 2),
        ["sub/deep/c.bin"] = TestData.Random(5_000, 3),
    };

    private static readonly string[] HostileKeys = ["unzip/x/a.txt", "unzip/x/_ossunzip/manifest.json", "unzip/x/outside.txt"];

    [TestCase("tar", "x.tar.gz", "-czf", null, "tar+gzip")]
    [TestCase("bsdtar", "x.tar.gz", "-czf", null, "tar+gzip")]
    [TestCase("bsdtar", "x.zip", "-cf", "zip", "zip")]
    [TestCase("bsdtar", "x.7z", "-cf", "7zip", "7z")]
    public async Task ExpandAsync_DashCDotArchive_WritesEveryFileAndListsNoRenames(string tool, string name, string flags, string? bsdtarFormat, string format)
    {
        var source = WriteTree($"{tool}-{name}-tree", Tree);
        var archive = Path.Combine(WorkDirectory, $"{tool}-{name}");
        await ExternalTool.RunAsync(tool, WorkDirectory, [.. bsdtarFormat is null ? [] : new[] { "--format", bsdtarFormat }, "-C", source, flags, archive, "."]);
        var listing = await ListAsync(archive);
        Assert.That(listing, Does.Contain("./a.txt"), "the tool names its members ./…");

        var (report, bucket) = await ExpandAsync(name, await File.ReadAllBytesAsync(archive));

        await AssertBucketHoldsExactlyAsync(bucket, name, Tree, format);
        var manifest = await ManifestAsync(bucket);
        Assert.Multiple(() =>
        {
            Assert.That(manifest.Renamed, Is.Empty, "./ is the archive's root, not a rename");
            Assert.That(manifest.Skipped, Is.Empty);
            Assert.That(report.Renamed, Is.Empty);
        });
    }

    [TestCase("tar")]
    [TestCase("bsdtar")]
    public async Task ExpandAsync_DashCDotArchiveWithRealRenames_ListsOnlyThoseWithTheirCodes(string tool)
    {
        // -P keeps "../" as given; a folder named like the service's records folder is kept under _ossunzip.
        var source = WriteTree($"{tool}-hostile", new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["outside.txt"] = TestData.Text(40, 4),
            ["in/a.txt"] = TestData.Text(50, 5),
            ["in/.ossunzip/manifest.json"] = TestData.Text(60, 6),
        });
        var archive = Path.Combine(WorkDirectory, $"{tool}-hostile.tar.gz");
        await ExternalTool.RunAsync(tool, Path.Combine(source, "in"), ["-P", "-czf", archive, ".", "../outside.txt"]);
        Assert.That(await ListAsync(archive), Does.Contain("../outside.txt").And.Contain("./.ossunzip/manifest.json"));

        var (_, bucket) = await ExpandAsync("x.tar.gz", await File.ReadAllBytesAsync(archive));

        var manifest = await ManifestAsync(bucket);
        Assert.That(manifest.Renamed.Select(r => (r.Entry, r.Key, r.Code)), Is.EquivalentTo(new[]
        {
            ("../outside.txt", "unzip/x/outside.txt", EntryNoteCodes.Normalized),
            ("./.ossunzip/manifest.json", "unzip/x/_ossunzip/manifest.json", EntryNoteCodes.ReservedName),
        }));
        Assert.That(manifest.Entries.Select(e => e.Key), Is.EquivalentTo(HostileKeys));
    }

    private async Task<ExpansionManifest> ManifestAsync(string bucket)
    {
        var manifest = ExpansionManifest.TryParse(await TestData.GetBytesAsync(Client, bucket, "unzip/x/.ossunzip/manifest.json"));
        Assert.That(manifest, Is.Not.Null);
        return manifest!;
    }

    private async Task<string[]> ListAsync(string archive) =>
        (await ExternalTool.RunAsync("bsdtar", WorkDirectory, ["-tf", archive])).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
