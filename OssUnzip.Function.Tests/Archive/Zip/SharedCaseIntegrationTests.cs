using System.Buffers.Binary;
using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Zip;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Archive.Zip;

/// <summary>
/// The shared cases zip64-extra-differential, fake-end-record and end-record-count-zero, and other members
/// of their kinds and of dotdot-name's, through the real expander, the real S3 client and a real s3rver:
/// exactly the objects expected, byte for byte, nothing else, and the manifest.
/// </summary>
[Category("Integration")]
public sealed class SharedCaseIntegrationTests() : S3rverFixture(
    SharedCases.Zip64ExtraDifferential,
    SharedCases.FakeEndRecord,
    SharedCases.EndRecordCountZero,
    CommentTruncated,
    FolderWithData,
    ComposedNames,
    ReservedInAnyCase)
{
    private const string CommentTruncated = "kind-comment-truncated";
    private const string FolderWithData = "kind-folder-with-data";
    private const string ComposedNames = "kind-composed-names";
    private const string ReservedInAnyCase = "kind-reserved-any-case";

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

    [Test]
    public async Task ExpandAsync_EndRecordCommentRunsPastTheEnd_WritesEveryFileAndNotesIt()
    {
        var archive = WithTruncatedComment(CraftedZip.Build(Files(("a.txt", "alpha\n"), ("docs/b.txt", "beta\n"))), declared: 40, present: 9);

        var report = await ExpandAsync(CommentTruncated, archive, "zip/t.zip", "unzip/t/", Utf8(("a.txt", "alpha\n"), ("docs/b.txt", "beta\n")));

        Assert.That(report.Notes.Select(n => n.Code), Is.EqualTo(new[] { ArchiveNoteCodes.EndRecordCommentTruncated }));
    }

    [Test]
    public async Task ExpandAsync_FolderEntriesHoldingBytes_WritesTheFilesAndListsTheFoldersAsSkipped()
    {
        var archive = CraftedZip.Build(Files(("../", "climb\n"), ("docs/", "folder bytes\n"), ("docs/a.txt", "alpha\n")));

        var report = await ExpandAsync(FolderWithData, archive, "zip/f.zip", "unzip/f/", Utf8(("docs/a.txt", "alpha\n")));

        Assert.That(report.Skipped.Select(s => (s.Entry, s.Code)), Is.EquivalentTo(new[] { ("../", EntryNoteCodes.DirectoryWithData), ("docs/", EntryNoteCodes.DirectoryWithData) }));
    }

    [Test]
    public async Task ExpandAsync_DecomposedNameComposingOntoAnother_WritesBoth()
    {
        var archive = CraftedZip.Build(Files(("caf\u00e9.txt", "composed\n"), ("cafe\u0301.txt", "decomposed\n")));

        var report = await ExpandAsync(ComposedNames, archive, "zip/c.zip", "unzip/c/", Utf8(("caf\u00e9.txt", "composed\n"), ("caf\u00e9~2.txt", "decomposed\n")));

        Assert.That(report.Renamed.Select(r => (r.Entry, r.Code)), Is.EqualTo(new[] { ("cafe\u0301.txt", EntryNoteCodes.ComposedNameTaken) }));
    }

    [Test]
    public async Task ExpandAsync_RecordsFolderNamedInAnyCaseAndSeparator_NeverReachesTheRecords()
    {
        // Every spelling of the records folder lands beside it, never in it: only the manifest is under .ossunzip/.
        var archive = CraftedZip.Build(Files(
            (".ossunzip/manifest.json", "{}"),
            (".OSSUNZIP/job.json", "{}"),
            ("sub\\.OssUnzip\\jobs\\1\\done.json", "{}"),
            ("./.ossunzip/rejection.json", "{}")));

        var report = await ExpandAsync(ReservedInAnyCase, archive, "zip/r.zip", "unzip/r/", Utf8(
            ("_ossunzip/manifest.json", "{}"),
            ("_OSSUNZIP/job.json", "{}"),
            ("sub/_OssUnzip/jobs/1/done.json", "{}"),
            ("_ossunzip/rejection.json", "{}")));

        Assert.That(report.Renamed.Select(r => r.Code), Is.EqualTo(Enumerable.Repeat(EntryNoteCodes.ReservedName, 4)));
    }

    private static CraftedEntry[] Files(params (string Name, string Content)[] files) =>
        [.. files.Select(f => new CraftedEntry(f.Name, Encoding.UTF8.GetBytes(f.Content)))];

    private static Dictionary<string, byte[]> Utf8(params (string Key, string Content)[] files) =>
        files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetBytes(f.Content));

    /// <summary>The archive with an end record declaring a comment of <paramref name="declared"/> bytes, of which only <paramref name="present"/> follow.</summary>
    private static byte[] WithTruncatedComment(byte[] archive, ushort declared, int present)
    {
        var result = (byte[])[.. archive, .. Enumerable.Repeat((byte)'c', present)];
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(archive.Length - sizeof(ushort)), declared);
        return result;
    }

    private Task<ExpansionReport> ExpandAsync(string caseName, string key, string outputFolder, IReadOnlyDictionary<string, byte[]> expected) =>
        ExpandAsync(caseName, SharedCases.Input(caseName), key, outputFolder, expected);

    private async Task<ExpansionReport> ExpandAsync(string bucket, byte[] archive, string key, string outputFolder, IReadOnlyDictionary<string, byte[]> expected)
    {
        await TestData.PutAsync(Client, bucket, key, archive);
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
