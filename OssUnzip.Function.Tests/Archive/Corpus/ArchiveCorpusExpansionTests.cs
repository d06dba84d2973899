using Amazon.S3;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// Phase 2 of the corpus: every case, uploaded to a real s3rver and expanded by the real expander
/// through the real S3 client, gives exactly its expected outcome: the exact objects (and nothing else,
/// so nothing escaped the output folder) with the listed skips and renames, or the rejection naming
/// its entries with nothing written.
/// </summary>
[Category("Integration")]
internal sealed class ArchiveCorpusExpansionTests
{
    private const string Bucket = "corpus";
    private S3rverProcess _server = null!;
    private AmazonS3Client _client = null!;
    private ExpanderHost _host = null!;
    private CorpusWorkspace _workspace = null!;

    private static IEnumerable<CorpusCase> LightCases => ArchiveCorpus.Light;

    private static IEnumerable<CorpusCase> HeavyCases => ArchiveCorpus.Heavy;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await S3rverProcess.StartAsync(Bucket);
        _client = _server.CreateClient();
        _host = new ExpanderHost(_server, Bucket);
        _workspace = new CorpusWorkspace();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _workspace.DisposeAsync();
        await _host.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [TestCaseSource(nameof(LightCases))]
    public async Task ExpandAsync_LightCase_GivesExpectedOutcome(CorpusCase corpusCase) => await AssertExpansionAsync(corpusCase);

    [Category("Heavy")]
    [TestCaseSource(nameof(HeavyCases))]
    public async Task ExpandAsync_HeavyCase_GivesExpectedOutcome(CorpusCase corpusCase) => await AssertExpansionAsync(corpusCase);

    private async Task AssertExpansionAsync(CorpusCase corpusCase)
    {
        var path = await corpusCase.BuildAsync(_workspace);
        await TestData.PutFileAsync(_client, Bucket, corpusCase.ObjectKey, path);
        File.Delete(path);

        var outcome = await _host.Expander.ExpandAsync(ExpanderHost.PutEvent(Bucket, corpusCase.ObjectKey), CancellationToken.None);

        var written = (await TestData.ListKeysAsync(_client, Bucket, corpusCase.OutputFolderKey))
            .Select(k => k[corpusCase.OutputFolderKey.Length..])
            .ToList();
        try
        {
            switch (corpusCase.Expected)
            {
                case ExpectedExpansion expected:
                    await AssertExpandedAsync(corpusCase, expected, outcome, written);
                    break;
                case ExpectedRejection expected:
                    AssertRejected(expected, outcome, written);
                    break;
                default:
                    Assert.Fail($"unknown expectation {corpusCase.Expected.GetType().Name}");
                    break;
            }
        }
        finally
        {
            foreach (var key in written)
            {
                await _client.DeleteObjectAsync(Bucket, corpusCase.OutputFolderKey + key);
            }

            await _client.DeleteObjectAsync(Bucket, corpusCase.ObjectKey);
        }
    }

    private async Task AssertExpandedAsync(CorpusCase corpusCase, ExpectedExpansion expected, ExpansionOutcome outcome, List<string> written)
    {
        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), () => Describe(outcome));
        var report = ((ExpandedOutcome)outcome).Report;
        Assert.That(written.Where(k => k != ExpansionManifestName), Is.EquivalentTo(expected.Objects.Keys), "objects written");
        foreach (var (key, content) in expected.Objects)
        {
            using var response = await _client.GetObjectAsync(Bucket, corpusCase.OutputFolderKey + key);
            Assert.That(await ExpectedContent.OfStreamAsync(response.ResponseStream), Is.EqualTo(content), key);
        }

        var pathSkips = report.Skipped.Where(s => s.Code != EntryNoteCodes.ReplacedByLaterEntry).Select(s => (s.Entry, s.Code));
        Assert.That(pathSkips, Is.EquivalentTo(expected.Skips.Select(s => (s.EntryName, CodeOf(s.Reason)))), "skipped entries");
        foreach (var (entry, relative) in expected.Renames)
        {
            Assert.That(report.Renamed.Any(r => r.Entry == entry && r.Key == corpusCase.OutputFolderKey + relative), Is.True, $"rename of '{entry}' to '{relative}'");
        }

        Assert.That(written, Does.Contain(ExpansionManifestName), "manifest written last");
    }

    private static void AssertRejected(ExpectedRejection expected, ExpansionOutcome outcome, List<string> written)
    {
        Assert.That(outcome, Is.TypeOf<RejectedOutcome>(), () => Describe(outcome));
        var rejected = (RejectedOutcome)outcome;
        Assert.That(rejected.Code, Is.EqualTo(CodeOf(expected.Kind)));
        foreach (var entry in expected.Entries)
        {
            Assert.That(rejected.Entries.Any(e => e == entry.EntryName || e.StartsWith(entry.EntryName + ": ", StringComparison.Ordinal)), Is.True, $"names '{entry.EntryName}' in [{string.Join(", ", rejected.Entries)}]");
        }

        Assert.That(written, Does.Not.Contain(ExpansionManifestName), "no manifest after a failed run");
        if (expected.Kind != ExpectedRejectionKind.EntryDataCorrupt)
        {
            Assert.That(written, Is.Empty, "nothing written");
        }
    }

    private const string ExpansionManifestName = ".ossunzip-manifest.json";

    private static string CodeOf(ExpectedSkipReason reason) => reason switch
    {
        ExpectedSkipReason.Symlink => EntryNoteCodes.Symlink,
        ExpectedSkipReason.ControlCharacter => EntryNoteCodes.ControlCharacter,
        ExpectedSkipReason.EmptyAfterSanitizing => EntryNoteCodes.EmptyAfterSanitizing,
        ExpectedSkipReason.KeyTooLong => EntryNoteCodes.KeyTooLong,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static string CodeOf(ExpectedRejectionKind kind) => kind switch
    {
        ExpectedRejectionKind.UnsupportedEntries => ArchiveRejectionCodes.UnsupportedEntries,
        ExpectedRejectionKind.OverlappingEntries => ArchiveRejectionCodes.OverlappingEntries,
        ExpectedRejectionKind.NotAZip => ArchiveRejectionCodes.NotAZip,
        ExpectedRejectionKind.CorruptCentralDirectory => ArchiveRejectionCodes.CorruptCentralDirectory,
        ExpectedRejectionKind.EntryDataCorrupt => ArchiveRejectionCodes.EntryDataCorrupt,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Describe(ExpansionOutcome outcome) => outcome switch
    {
        RejectedOutcome r => $"rejected {r.Code}: {r.Reason} [{string.Join(", ", r.Entries)}]",
        ExpandedOutcome e => $"expanded {e.Report.EntriesWritten} objects",
        _ => outcome.ToString(),
    };
}
