using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// The shared cases zip64-extra-differential, fake-end-record and end-record-count-zero through the real
/// expander, the real S3 client and a real s3rver: exactly the objects their READMEs list, byte for byte,
/// nothing else, and the manifest.
/// </summary>
[Category("Integration")]
public sealed class SharedCaseIntegrationTests() : S3rverFixture(SharedCases.Zip64ExtraDifferential, SharedCases.FakeEndRecord, SharedCases.EndRecordCountZero)
{
    [Test]
    public async Task ExpandAsync_Zip64ExtraDifferential_WritesTheBytesTheCentralRecordNames()
    {
        var report = await ExpandAsync(SharedCases.Zip64ExtraDifferential, "zip/zip64-extra-differential.zip", "unzip/zip64-extra-differential/", SharedCases.Zip64ExtraDifferentialOutput);

        Assert.That(report.Notes, Is.Empty);
    }

    [Test]
    public async Task ExpandAsync_FakeEndRecord_WritesTheThreeFilesOfTheRealDirectory()
    {
        var report = await ExpandAsync(SharedCases.FakeEndRecord, "zip/fake-end-record.zip", "unzip/fake-end-record/", SharedCases.FakeEndRecordOutput);

        Assert.That(report.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordChosen }));
    }

    [Test]
    public async Task ExpandAsync_EndRecordCountZero_WritesTheFourFilesAndNotesTheMismatch()
    {
        var report = await ExpandAsync(SharedCases.EndRecordCountZero, "zip/c21/BaseSynchronousData.zip", "unzip/c21/BaseSynchronousData/", SharedCases.EndRecordCountZeroOutput);

        Assert.That(report.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordMismatch }));
        Assert.That(report.Notes[0].Message, Does.Contain("declares 0 entries").And.Contain("holds 4"));
    }

    private async Task<ExpansionReport> ExpandAsync(string caseName, string key, string outputFolder, IReadOnlyDictionary<string, byte[]> expected)
    {
        var bucket = caseName;
        await TestData.PutAsync(Client, bucket, key, SharedCases.Input(caseName));
        await using var host = CreateHost(bucket);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(bucket, key), CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<ExpandedOutcome>(), () => outcome is RejectedOutcome r ? $"{r.Code}: {r.Reason}" : outcome.ToString());
        var keys = await TestData.ListKeysAsync(Client, bucket);
        Assert.That(keys, Is.EquivalentTo(expected.Keys.Select(k => outputFolder + k).Append(key).Append(RecordKeys.ManifestKeyFor(outputFolder))));
        foreach (var (relative, content) in expected)
        {
            Assert.That(await TestData.GetBytesAsync(Client, bucket, outputFolder + relative), Is.EqualTo(content), relative);
        }

        return ((ExpandedOutcome)outcome).Report;
    }
}
