using System.Diagnostics;
using System.Globalization;
using Amazon.S3.Model;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion;

/// <summary>
/// Every output-rule option (Unzip:Rules) through the app's real composition against a real s3rver:
/// output bucket and template, folder modes, globs, overwrite policies, source dispositions, mtime,
/// the rule recorded in the manifest, and a loop refused at startup.
/// </summary>
[Category("Integration")]
internal sealed class RuleExpansionIntegrationTests() : S3rverFixture("rules", 24)
{
    private const string ManifestName = ".ossunzip/manifest.json";
    private static readonly string[] SourceOnly = ["in/2026/x.zip"];
    private static readonly string[] SkipExistingWritten = ["unzip/s/b.txt"];
    private static readonly string[] FailExisting = ["b.txt"];
    private static readonly string[] ShiftJisKeys =
    [
        "unzip/shift-jis-names/資料/テスト.txt",
        "unzip/shift-jis-names/資料/報告書 2024.txt",
        "unzip/shift-jis-names/新しいフォルダ/SJIS_835C_ソ.txt",
        "unzip/shift-jis-names/" + ManifestName,
    ];
    private static readonly string[] FailKeys = ["unzip/f/b.txt", "unzip/f/.ossunzip/rejection.json"];

    [Test]
    public async Task ExpandAsync_TodaysSettings_DefaultRuleInManifestAndMtimeFromTheZipTool()
    {
        // Arrange: Info-ZIP's zip writes the extended-timestamp field (UTC seconds) for a file touched to a known time.
        var bucket = NextBucket();
        var directory = Directory.CreateTempSubdirectory("ossunzip-rules-").FullName;
        var file = Path.Combine(directory, "dated.txt");
        await File.WriteAllTextAsync(file, "dated");
        File.SetLastWriteTimeUtc(file, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).UtcDateTime);
        RunZip(directory, "dated.zip", "dated.txt");
        await TestData.PutFileAsync(Client, bucket, "zip/dated.zip", Path.Combine(directory, "dated.zip"));
        await using var host = CreateHost(bucket);

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/dated.zip"), CancellationToken.None);

        // Assert
        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        var metadata = await Client.GetObjectMetadataAsync(bucket, "unzip/dated/dated.txt");
        var manifest = await ReadManifestAsync(bucket, "unzip/dated/");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.Metadata["x-amz-meta-mtime"], Is.EqualTo("1700000000"));
            Assert.That(manifest.Summary.Rule, Is.EqualTo("default"));
        }
    }

    [Test]
    public async Task ExpandAsync_RuleWithOutputBucketAndTemplate_ObjectsAndRecordsInTheOutputBucket()
    {
        var source = NextBucket();
        var output = NextBucket();
        var zip = new ZipBuilder().File("a.txt", TestData.Text(300, 1)).File("d/b.txt", TestData.Text(200, 2));
        await TestData.PutAsync(Client, source, "in/2026/x.zip", zip.Build());
        await using var host = CreateRulesHost(Rule(0, "to-output", source, ("InputPrefix", "in/"), ("OutputBucket", output), ("OutputPrefix", "done/{dir}{name}/")));

        var first = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(source, "in/2026/x.zip"), CancellationToken.None);
        var again = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(source, "in/2026/x.zip"), CancellationToken.None);

        var manifest = await ReadManifestAsync(output, "done/2026/x/");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.TypeOf<ExpandedOutcome>());
            Assert.That(again, Is.TypeOf<AlreadyExpandedOutcome>(), "the redelivery reads the manifest in the output bucket");
            Assert.That(await TestData.ListKeysAsync(Client, output), Is.EquivalentTo(new[] { "done/2026/x/a.txt", "done/2026/x/d/b.txt", "done/2026/x/" + ManifestName }));
            Assert.That(await TestData.ListKeysAsync(Client, source), Is.EqualTo(SourceOnly), "nothing written beside the archive");
            Assert.That(manifest.Summary.Rule, Is.EqualTo("to-output"));
            Assert.That(manifest.Summary.OutputBucket, Is.EqualTo(output));
            Assert.That(await TestData.GetBytesAsync(Client, output, "done/2026/x/d/b.txt"), Is.EqualTo(zip.Files["d/b.txt"]));
        }
    }

    [TestCase("keep", "pack", "out/pack/pack/a.txt")]
    [TestCase("flatten-single-top-folder", "pack", "out/pack/a.txt")]
    [TestCase("flatten-single-top-folder", "top", "out/pack/top/a.txt")]
    [TestCase("strip", "top", "out/pack/a.txt")]
    [TestCase("strip", "pack", "out/pack/a.txt")]
    public async Task ExpandAsync_FolderMode_PlacesTheTopFolderAsTheModeSays(string mode, string topFolder, string expectedKey)
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "zip/pack.zip", new ZipBuilder().Directory(topFolder).File(topFolder + "/a.txt", TestData.Text(50, 3)).Build());
        await using var host = CreateRulesHost(Rule(0, "modes", bucket, ("OutputPrefix", "out/{dir}{name}/"), ("FolderMode", mode)));

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/pack.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        Assert.That(await TestData.ListKeysAsync(Client, bucket, "out/"), Is.EquivalentTo(new[] { expectedKey, "out/pack/" + ManifestName }));
    }

    [Test]
    public async Task ExpandAsync_RuleNameEncoding_shift_jis_names_ReadWithTheRulesCodePageOverArchiveSetting()
    {
        // Arrange: the shared case shift-jis-names (raw CP932 names, one with trail byte 0x5C); the
        // service-wide setting says big5, the rule for this bucket says shift_jis.
        var bucket = NextBucket();
        var input = Path.Combine(AppContext.BaseDirectory, "Archive", "Corpus", "Cases", "shift-jis-names", "input.zip");
        await TestData.PutFileAsync(Client, bucket, "zip/shift-jis-names.zip", input);
        var settings = Rule(0, "jp", bucket, ("NameEncoding", "shift_jis")).Append(new("Archive:NameEncoding", "cp437"));
        await using var host = CreateRulesHost(settings);

        // Act
        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/shift-jis-names.zip"), CancellationToken.None);

        // Assert
        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/"), Is.EquivalentTo(ShiftJisKeys));
        Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/shift-jis-names/新しいフォルダ/SJIS_835C_ソ.txt"), Is.EqualTo("本文 新しいフォルダ/SJIS_835C_ソ.txt\n"u8.ToArray()));
    }

    [Test]
    public async Task ExpandAsync_IncludeAndExcludeGlobs_WritesMatchesAndListsTheRestAsExcluded()
    {
        var bucket = NextBucket();
        var zip = new ZipBuilder()
            .File("a.csv", TestData.Text(10, 1))
            .File("d/b.csv", TestData.Text(10, 2))
            .File("notes.txt", TestData.Text(10, 3))
            .File("secret/c.csv", TestData.Text(10, 4));
        await TestData.PutAsync(Client, bucket, "zip/g.zip", zip.Build());
        await using var host = CreateRulesHost(Rule(0, "globs", bucket, ("Include:0", "*.csv"), ("Include:1", "**/*.csv"), ("Exclude:0", "secret/**")));

        await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/g.zip"), CancellationToken.None);

        var manifest = await ReadManifestAsync(bucket, "unzip/g/");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/"), Is.EquivalentTo(new[] { "unzip/g/a.csv", "unzip/g/d/b.csv", "unzip/g/" + ManifestName }));
            Assert.That(manifest.Skipped.Select(s => (s.Entry, s.Code)), Is.EquivalentTo(new[] { ("notes.txt", EntryNoteCodes.Excluded), ("secret/c.csv", EntryNoteCodes.Excluded) }));
        }
    }

    [Test]
    public async Task ExpandAsync_SkipExisting_LeavesExistingObjectAndListsIt()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "unzip/s/a.txt", "old"u8.ToArray());
        var zip = new ZipBuilder().File("a.txt", TestData.Text(40, 1)).File("b.txt", TestData.Text(40, 2));
        await TestData.PutAsync(Client, bucket, "zip/s.zip", zip.Build());
        await using var host = CreateRulesHost(Rule(0, "skip", bucket, ("Overwrite", "skip-existing")));

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/s.zip"), CancellationToken.None);

        var manifest = await ReadManifestAsync(bucket, "unzip/s/");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/s/a.txt"), Is.EqualTo("old"u8.ToArray()));
            Assert.That(await TestData.GetBytesAsync(Client, bucket, "unzip/s/b.txt"), Is.EqualTo(zip.Files["b.txt"]));
            Assert.That(manifest.Skipped.Select(s => (s.Entry, s.Code, s.Key)), Is.EqualTo(new[] { ("a.txt", EntryNoteCodes.TargetExists, (string?)"unzip/s/a.txt") }));
            Assert.That(manifest.Entries.Select(e => e.Key), Is.EqualTo(SkipExistingWritten));
        }
    }

    [Test]
    public async Task ExpandAsync_FailPolicyAndATargetExists_RejectedBeforeWritingAnything()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "unzip/f/b.txt", "old"u8.ToArray());
        await TestData.PutAsync(Client, bucket, "zip/f.zip", new ZipBuilder().File("a.txt", TestData.Text(40, 1)).File("b.txt", TestData.Text(40, 2)).Build());
        await using var host = CreateRulesHost(Rule(0, "fail", bucket, ("Overwrite", "fail")));

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/f.zip"), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.TypeOf<RejectedOutcome>());
            Assert.That(((RejectedOutcome)outcome).Code, Is.EqualTo(ArchiveRejectionCodes.TargetExists));
            Assert.That(((RejectedOutcome)outcome).Entries, Is.EqualTo(FailExisting));
            Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/"), Is.EquivalentTo(FailKeys));
        }
    }

    [Test]
    public async Task ExpandAsync_FailPolicyAndNoTargetExists_Expands()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "zip/ok.zip", new ZipBuilder().File("a.txt", TestData.Text(40, 1)).Build());
        await using var host = CreateRulesHost(Rule(0, "fail", bucket, ("Overwrite", "fail")));

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/ok.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        Assert.That(await TestData.ListKeysAsync(Client, bucket, "unzip/"), Is.EquivalentTo(new[] { "unzip/ok/a.txt", "unzip/ok/" + ManifestName }));
    }

    [Test]
    public async Task ExpandAsync_DeleteDisposition_SourceDeletedAfterTheManifest()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "zip/del.zip", new ZipBuilder().File("a.txt", TestData.Text(40, 1)).Build());
        await using var host = CreateRulesHost(Rule(0, "delete", bucket, ("SourceDisposition", "delete")));

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/del.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        Assert.That(await TestData.ListKeysAsync(Client, bucket), Is.EquivalentTo(new[] { "unzip/del/a.txt", "unzip/del/" + ManifestName }));
    }

    [Test]
    public async Task ExpandAsync_TagDisposition_SourceTaggedExpanded()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "zip/tag.zip", new ZipBuilder().File("a.txt", TestData.Text(40, 1)).Build());
        await using var host = CreateRulesHost(Rule(0, "tag", bucket, ("SourceDisposition", "tag")));

        await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/tag.zip"), CancellationToken.None);

        var tagging = await Client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "zip/tag.zip" });
        Assert.That(tagging.Tagging.Select(t => (t.Key, t.Value)), Is.EqualTo(new[] { ("ossunzip", "expanded") }));
    }

    [Test]
    public async Task ExpandAsync_ManifestWrittenUnderAnotherRule_ExpandsAgainUnderThisOne()
    {
        var bucket = NextBucket();
        await TestData.PutAsync(Client, bucket, "zip/r.zip", new ZipBuilder().File("a.txt", TestData.Text(40, 1)).Build());
        await using (var before = CreateRulesHost(Rule(0, "before", bucket)))
        {
            await before.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/r.zip"), CancellationToken.None);
        }

        await using var after = CreateRulesHost(Rule(0, "after", bucket));

        var outcome = await after.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, "zip/r.zip"), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
        Assert.That((await ReadManifestAsync(bucket, "unzip/r/")).Summary.Rule, Is.EqualTo("after"));
    }

    [Test]
    public void Start_RuleWhoseOutputAnotherRuleTakesAcrossBuckets_RefusedNamingTheRuleAndKey()
    {
        var settings = Rule(0, "in-to-out", "rules-in", ("OutputBucket", "rules-out"), ("OutputPrefix", "unzip/{dir}{name}/"))
            .Concat(Rule(1, "out-again", "rules-out", ("InputPrefix", "unzip/")))
            .ToDictionary(kv => kv.Key, kv => kv.Value);

        var failure = Assert.Catch(() => CreateHost("", settings));

        Assert.That(failure!.Message, Does.Contain("Unzip:Rules:0:OutputPrefix").And.Contain("'in-to-out'").And.Contain("'out-again'").And.Contain("trigger the service again"));
    }

    private ExpanderHost CreateRulesHost(IEnumerable<KeyValuePair<string, string?>> rules) =>
        CreateHost("", rules.ToDictionary(kv => kv.Key, kv => kv.Value));

    private static IEnumerable<KeyValuePair<string, string?>> Rule(int index, string name, string bucket, params (string Key, string Value)[] values)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Unzip:Rules:{index}:");
        yield return new(prefix + "Name", name);
        yield return new(prefix + "Bucket", bucket);
        foreach (var (key, value) in values)
        {
            yield return new(prefix + key, value);
        }
    }

    private async Task<ExpansionManifest> ReadManifestAsync(string bucket, string outputFolder) =>
        ExpansionManifest.TryParse(await TestData.GetBytesAsync(Client, bucket, outputFolder + ManifestName)) ?? throw new AssertionException("no manifest");

    private static void RunZip(string directory, string archive, string file)
    {
        var start = new ProcessStartInfo("zip") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-q", archive, file })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "zip: " + process.StandardError.ReadToEnd());
    }
}
