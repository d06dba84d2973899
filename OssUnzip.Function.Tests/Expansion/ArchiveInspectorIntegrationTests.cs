using Microsoft.Extensions.DependencyInjection;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Archive.Corpus;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Expansion;

/// <summary>
/// Inspect on the corpus (the light cases, built by the real tools): the inspection writes nothing, and
/// the keys it says an expansion would write are exactly the keys the expansion then writes; an archive
/// it calls rejected is rejected with the same code. Pages of 7 entries, so paging is exercised.
/// </summary>
[Category("Integration")]
internal sealed class ArchiveInspectorIntegrationTests() : S3rverFixture(Buckets)
{
    private const int PageSize = 7;
    private const string FormatsBucket = "i-formats";
    private static readonly string[] Buckets = [.. ArchiveCorpus.Light.Select(BucketOf), FormatsBucket];

    private ExpanderHost _host = null!;
    private CorpusWorkspace _workspace = null!;

    private static IEnumerable<CorpusCase> LightCases => ArchiveCorpus.Light;

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
    public async Task InspectAsync_CorpusCase_PlannedKeysAreWhatTheExpansionWrites(CorpusCase corpusCase)
    {
        // Arrange
        var bucket = BucketOf(corpusCase);
        var path = await corpusCase.BuildAsync(_workspace);
        await TestData.PutFileAsync(Client, bucket, corpusCase.ObjectKey, path);
        File.Delete(path);
        var inspector = _host.Services.GetRequiredService<IArchiveInspector>();

        // Act
        var pages = new List<InspectionOutcome>();
        int? cursor = 0;
        while (cursor is { } next)
        {
            var page = await inspector.InspectAsync(bucket, corpusCase.ObjectKey, next, PageSize, CancellationToken.None);
            pages.Add(page);
            cursor = page.NextCursor;
        }

        var afterInspect = await TestData.ListKeysAsync(Client, bucket);
        var outcome = await _host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, corpusCase.ObjectKey), CancellationToken.None);

        // Assert
        Assert.That(afterInspect, Is.EqualTo(new[] { corpusCase.ObjectKey }), "an inspection writes nothing");
        var first = pages[0];
        if (first.Status == InspectionStatus.Rejected)
        {
            Assert.That(outcome, Is.TypeOf<RejectedOutcome>());
            Assert.That(((RejectedOutcome)outcome).Code, Is.EqualTo(first.RejectionCode));
            return;
        }

        var entries = pages.SelectMany(p => p.Entries).ToList();
        var planned = entries.Where(e => e.Action is "write" or "rename").Select(e => e.TargetKey!).ToList();
        if (outcome is RejectedOutcome { Code: ArchiveRejectionCodes.EntryDataCorrupt } corrupt)
        {
            // Bad CRCs and understated sizes live in the entry data, which an inspection never reads:
            // it plans the entry, and the expansion finds the lie while streaming it.
            Assert.That(first.Status, Is.EqualTo(InspectionStatus.Inspected));
            Assert.That(entries.Where(e => e.Action == "write").Select(e => e.Name), Is.SupersetOf(corrupt.Entries));
            return;
        }

        var written = (await TestData.ListKeysAsync(Client, bucket, corpusCase.OutputFolderKey))
            .Where(k => !k.StartsWith(corpusCase.OutputFolderKey + ".ossunzip/", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Status, Is.EqualTo(InspectionStatus.Inspected), first.Reason);
            Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
            Assert.That(entries.Select(e => e.Index), Is.EqualTo(Enumerable.Range(0, first.TotalEntries)), "every entry once, in order, across pages");
            Assert.That(planned, Is.EquivalentTo(written));
            Assert.That(entries.Where(e => e.Action == "skip"), Has.All.Matches<InspectedEntry>(e => e.Code is not null));
        }
    }

    [Test]
    public async Task InspectAsync_TarGzMadeByGnuTar_NoDirectoryNamingTheFormatAndWritesNothing()
    {
        // Arrange: a .tar.gz from GNU tar (tar czf), which has no central directory to list.
        var tree = _workspace.CreateTree("inspect-tgz", [new("a.txt", "alpha"u8.ToArray()), new("b/c.txt", "gamma"u8.ToArray())]);
        var archive = Path.Combine(_workspace.ArchiveDirectory, "inspect.tar.gz");
        await ExternalTool.RunAsync("tar", tree, ["czf", archive, "a.txt", "b"]);
        await TestData.PutFileAsync(Client, FormatsBucket, "zip/inspect.tar.gz", archive);
        var inspector = _host.Services.GetRequiredService<IArchiveInspector>();

        // Act
        var outcome = await inspector.InspectAsync(FormatsBucket, "zip/inspect.tar.gz", 0, PageSize, CancellationToken.None);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(InspectionStatus.NoDirectory), outcome.Reason);
            Assert.That(outcome.Format, Is.EqualTo("tar+gzip"));
            Assert.That(outcome.Entries, Is.Empty);
            Assert.That(outcome.GetRequests, Is.EqualTo(1), "only the first bytes were read");
            Assert.That(await TestData.ListKeysAsync(Client, FormatsBucket, "unzip/inspect/"), Is.Empty, "an inspection writes nothing");
        }
    }

    [Test]
    public async Task InspectAsync_RarBytesUnderZipName_RejectedAsUnsupportedFormatLikeTheExpansion()
    {
        // Arrange: a RAR5 signature (52 61 72 21 1A 07 01 00) and some bytes, named .zip.
        byte[] rar = [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x01, 0x00, .. new byte[64]];
        await TestData.PutAsync(Client, FormatsBucket, "zip/inspect-rar.zip", rar);
        var inspector = _host.Services.GetRequiredService<IArchiveInspector>();

        // Act
        var outcome = await inspector.InspectAsync(FormatsBucket, "zip/inspect-rar.zip", 0, PageSize, CancellationToken.None);
        var expansion = await _host.Expander.ExpandAsync(ExpanderHost.PutEvent(FormatsBucket, "zip/inspect-rar.zip"), CancellationToken.None);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(InspectionStatus.Rejected), outcome.Reason);
            Assert.That(outcome.RejectionCode, Is.EqualTo(ArchiveRejectionCodes.UnsupportedFormat));
            Assert.That(expansion, Is.TypeOf<RejectedOutcome>().With.Property(nameof(RejectedOutcome.Code)).EqualTo(ArchiveRejectionCodes.UnsupportedFormat));
        }
    }

    private static string BucketOf(CorpusCase corpusCase) => "i-" + corpusCase.Id;
}
