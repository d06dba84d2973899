using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// Phase 2 of the corpus (and, for heavy cases, the only phase: they are built once): every case, uploaded to a real s3rver and expanded by the real expander
/// through the real S3 client, gives exactly its expected outcome: the exact objects (and nothing else,
/// so nothing escaped the output folder) with the listed skips and renames, or the rejection naming
/// its entries with nothing written.
/// </summary>
[Category("Integration")]
internal sealed class ArchiveCorpusExpansionTests() : S3rverFixture(Buckets)
{
    /// <summary>One bucket per case: "nothing else was written" needs no clean-up between cases.</summary>
    private static readonly string[] Buckets = ArchiveCorpus.All.Select(BucketOf).ToArray();

    private ExpanderHost _host = null!;
    private CorpusWorkspace _workspace = null!;

    private static IEnumerable<CorpusCase> LightCases => ArchiveCorpus.Light;

    private static IEnumerable<CorpusCase> HeavyCases => ArchiveCorpus.Heavy;

    [OneTimeSetUp]
    public void Start()
    {
        _host = CreateHost(string.Join(',', Buckets));
        _workspace = new CorpusWorkspace();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _workspace.DisposeAsync();
        await _host.DisposeAsync();
    }

    [TestCaseSource(nameof(LightCases))]
    public async Task ExpandAsync_LightCase_GivesExpectedOutcome(CorpusCase corpusCase) => await AssertExpansionAsync(corpusCase);

    [Category("Heavy")]
    [TestCaseSource(nameof(HeavyCases))]
    public async Task ExpandAsync_HeavyCase_GivesExpectedOutcome(CorpusCase corpusCase) => await AssertExpansionAsync(corpusCase);

    private static string BucketOf(CorpusCase corpusCase) => "c-" + corpusCase.Id;

    private async Task AssertExpansionAsync(CorpusCase corpusCase)
    {
        var bucket = BucketOf(corpusCase);
        var path = await corpusCase.BuildAsync(_workspace);
        AssertToolWroteWhatTheCaseReliesOn(corpusCase, path);
        await TestData.PutFileAsync(Client, bucket, corpusCase.ObjectKey, path);
        File.Delete(path);

        var outcome = await _host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, corpusCase.ObjectKey), CancellationToken.None);

        var all = await TestData.ListKeysAsync(Client, bucket);
        Assert.That(all.Where(k => k != corpusCase.ObjectKey), Has.All.StartsWith(corpusCase.OutputFolderKey), "nothing outside the output folder");
        var written = all.Where(k => k != corpusCase.ObjectKey).Select(k => k[corpusCase.OutputFolderKey.Length..]).ToList();
        switch (corpusCase.Expected)
        {
            case ExpectedExpansion expected:
                await AssertExpandedAsync(corpusCase, bucket, expected, outcome, written);
                break;
            case ExpectedRejection expected:
                AssertRejected(expected, outcome, written);
                break;
            default:
                Assert.Fail($"unknown expectation {corpusCase.Expected.GetType().Name}");
                break;
        }
    }

    /// <summary>The traits check of phase 1, repeated here so heavy cases are built once.</summary>
    private static void AssertToolWroteWhatTheCaseReliesOn(CorpusCase corpusCase, string path)
    {
        if (corpusCase.CheckTraits is null)
        {
            Assert.That(ZipListing.TryRead(path, out _), Is.False, "a case without traits must not be a readable ZIP");
            return;
        }

        var listing = ZipListing.Read(path);
        Assert.That(() => corpusCase.CheckTraits(listing), Throws.Nothing);
    }

    private async Task AssertExpandedAsync(CorpusCase corpusCase, string bucket, ExpectedExpansion expected, ExpansionOutcome outcome, List<string> written)
    {
        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), () => Describe(outcome));
        var report = ((ExpandedOutcome)outcome).Report;
        Assert.That(written.Where(k => k != ExpansionManifestName), Is.EquivalentTo(expected.Objects.Keys), "objects written");
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(expected.Objects, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, token) =>
        {
            using var response = await Client.GetObjectAsync(bucket, corpusCase.OutputFolderKey + pair.Key, token);
            if (await ExpectedContent.OfStreamAsync(response.ResponseStream, token) != pair.Value)
            {
                mismatches.Add(pair.Key);
            }
        });
        Assert.That(mismatches, Is.Empty, "objects whose bytes differ from the entry's");

        var pathSkips = report.Skipped.Where(s => s.Code != EntryNoteCodes.ReplacedByLaterEntry).Select(s => (s.Entry, s.Code));
        Assert.That(pathSkips, Is.EquivalentTo(expected.Skips.Select(s => (s.EntryName, CodeOf(s.Reason)))), "skipped entries");
        Assert.That(report.Renamed.Select(r => r.Entry), Is.EquivalentTo(expected.Renames.Select(r => r.Key)), "renamed entries (no more, no fewer)");
        foreach (var (entry, relative) in expected.Renames)
        {
            Assert.That(report.Renamed.Any(r => r.Entry == entry && r.Key == corpusCase.OutputFolderKey + relative), Is.True, $"rename of '{entry}' to '{relative}'");
        }

        foreach (var (entry, code) in expected.RenameCodes)
        {
            Assert.That(report.Renamed.Single(r => r.Entry == entry).Code, Is.EqualTo(code), $"code of the rename of '{entry}'");
        }

        if (expected.NameEncodings is { } encodings)
        {
            Assert.That(report.NameEncodings.Select(n => (n.Encoding, n.Guessed, n.Entries)), Is.EquivalentTo(encodings), "name encodings in the report");
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
        Assert.That(written, Does.Contain(RejectionRecordName), "the rejection is recorded (decision 0016)");
        if (expected.Kind != ExpectedRejectionKind.EntryDataCorrupt)
        {
            Assert.That(written.Where(k => !k.StartsWith(".ossunzip/", StringComparison.Ordinal)), Is.Empty, "no entry written");
        }
    }

    private const string ExpansionManifestName = ".ossunzip/manifest.json";
    private const string RejectionRecordName = ".ossunzip/rejection.json";

    private static string CodeOf(ExpectedSkipReason reason) => reason switch
    {
        ExpectedSkipReason.Symlink => EntryNoteCodes.Symlink,
        ExpectedSkipReason.MacMetadata => EntryNoteCodes.MacMetadata,
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
        ExpectedRejectionKind.PasswordRequired => ArchiveRejectionCodes.PasswordRequired,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Describe(ExpansionOutcome outcome) => outcome switch
    {
        RejectedOutcome r => $"rejected {r.Code}: {r.Reason} [{string.Join(", ", r.Entries)}]",
        ExpandedOutcome e => $"expanded {e.Report.EntriesWritten} objects",
        _ => outcome.ToString(),
    };
}
