using System.Collections.Concurrent;

namespace OssUnzip.Function.Tests.Archive.Corpus;

/// <summary>
/// Phase 1 of the corpus: every light case builds with its real tool, the tool wrote what the case
/// relies on, and the storage-free <see cref="CorpusReferenceModel"/> agrees with the expected outcome.
/// Heavy cases (gigabytes, tens of thousands of entries) are built once, in
/// <see cref="ArchiveCorpusExpansionTests"/>, which checks their traits and expands them for real.
/// </summary>
internal sealed class ArchiveCorpusTests
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _built = new();
    private CorpusWorkspace _workspace = null!;

    private static IEnumerable<CorpusCase> LightCases => ArchiveCorpus.Light;

    [OneTimeSetUp]
    public void CreateWorkspace() => _workspace = new CorpusWorkspace();

    [OneTimeTearDown]
    public async Task DeleteWorkspaceAsync() => await _workspace.DisposeAsync();

    [TestCaseSource(nameof(LightCases))]
    public async Task Build_LightCase_ToolWroteWhatTheCaseReliesOn(CorpusCase corpusCase) => await AssertTraitsAsync(corpusCase);

    [TestCaseSource(nameof(LightCases))]
    public async Task ReferenceModel_LightCase_MatchesExpectedOutcome(CorpusCase corpusCase) => await AssertModelAsync(corpusCase);

    [Test]
    public void Ids_AreUniqueLowercaseObjectNames()
    {
        var ids = ArchiveCorpus.All.Select(c => c.Id).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.Unique);
            Assert.That(ids, Has.All.Matches("^[a-z0-9][a-z0-9-]*$"));
        });
    }

    [Test]
    public void Cases_CoverEveryWriterNamedInTheIssue()
    {
        string[] writers = ["Info-ZIP", "7-Zip", "bsdtar", "jar", "CPython", "System.IO.Compression", "hand-made"];

        foreach (var writer in writers)
        {
            Assert.That(ArchiveCorpus.All.Any(c => c.Tool.Contains(writer, StringComparison.Ordinal)), Is.True, writer);
        }
    }

    private async Task AssertTraitsAsync(CorpusCase corpusCase)
    {
        var path = await BuildAsync(corpusCase);

        if (corpusCase.CheckTraits is null)
        {
            Assert.That(ZipListing.TryRead(path, out _), Is.False, "a case without traits must not be a readable ZIP");
            return;
        }

        var listing = ZipListing.Read(path);
        Assert.That(() => corpusCase.CheckTraits(listing), Throws.Nothing);
    }

    private async Task AssertModelAsync(CorpusCase corpusCase)
    {
        var path = await BuildAsync(corpusCase);

        var actual = await CorpusReferenceModel.EvaluateAsync(corpusCase, path, CancellationToken.None);

        AssertSameOutcome(actual, corpusCase.Expected);
    }

    private Task<string> BuildAsync(CorpusCase corpusCase) =>
        _built.GetOrAdd(corpusCase.Id, _ => new Lazy<Task<string>>(() => corpusCase.BuildAsync(_workspace))).Value;

    private static void AssertSameOutcome(ExpectedOutcome actual, ExpectedOutcome expected)
    {
        switch (expected)
        {
            case ExpectedExpansion expansion:
                Assert.That(actual, Is.TypeOf<ExpectedExpansion>(), actual.ToString());
                var model = (ExpectedExpansion)actual;
                Assert.Multiple(() =>
                {
                    Assert.That(model.Objects.Keys, Is.EquivalentTo(expansion.Objects.Keys), "object keys");
                    foreach (var (key, content) in expansion.Objects)
                    {
                        Assert.That(model.Objects.GetValueOrDefault(key), Is.EqualTo(content), key);
                    }

                    Assert.That(model.Skips, Is.EquivalentTo(expansion.Skips), "skips");
                    Assert.That(model.Renames, Is.EquivalentTo(expansion.Renames), "renames");
                });
                break;
            case ExpectedRejection rejection:
                Assert.That(actual, Is.TypeOf<ExpectedRejection>(), actual.ToString());
                var rejected = (ExpectedRejection)actual;
                Assert.Multiple(() =>
                {
                    Assert.That(rejected.Kind, Is.EqualTo(rejection.Kind));
                    Assert.That(rejected.Entries, Is.EquivalentTo(rejection.Entries));
                });
                break;
            default:
                Assert.Fail($"Unknown expectation {expected.GetType().Name}.");
                break;
        }
    }
}
