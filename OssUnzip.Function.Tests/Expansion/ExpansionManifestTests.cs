using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Tests.Expansion;

public sealed class ExpansionManifestTests
{
    private static ExpansionReport Report(List<WrittenObject> objects, string key = "zip/报告.zip", string outputPrefix = "unzip/报告/") => new(
        "bucket",
        key,
        "\"etag\"",
        1234,
        outputPrefix,
        objects.Count,
        objects.Sum(o => o.Size),
        1,
        [new EntryNote("link", "a symbolic link") { Code = EntryNoteCodes.Symlink }],
        [],
        objects,
        DateTimeOffset.UnixEpoch,
        42,
        3,
        4);

    [Test]
    public void ToUtf8JsonStream_MultiByteKeys_BufferIsExactlyTheJsonAndRoundTrips()
    {
        List<WrittenObject> objects = [new("unzip/报告/第一章.txt", 10, 0xDEADBEEF), new("unzip/报告/a.txt", 0, 0)];
        var manifest = ExpansionManifest.From(Report(objects), DateTimeOffset.UnixEpoch.AddSeconds(5));

        using var stream = manifest.ToUtf8JsonStream();
        var parsed = ExpansionManifest.TryParse(stream.ToArray());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Position, Is.Zero, "ready to send");
            Assert.That(stream.Capacity, Is.EqualTo(stream.Length), "sized by the counting pass, never grown");
            Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Does.Contain("第一章"));
            Assert.That(parsed, Is.Not.Null);
            Assert.That(parsed!.Entries.Select(e => (e.Key, e.Size, e.Crc32)), Is.EqualTo(new[] { ("unzip/报告/第一章.txt", 10L, "deadbeef"), ("unzip/报告/a.txt", 0L, "00000000") }));
            Assert.That(parsed.Skipped.Single().Code, Is.EqualTo(EntryNoteCodes.Symlink));
            Assert.That(parsed.Summary.Source.Key, Is.EqualTo("zip/报告.zip"));
            Assert.That(parsed.Summary.Objects, Is.EqualTo(2));
        }
    }

    [Test]
    public void ToUtf8JsonStream_NoObjects_IsAValidManifest()
    {
        var manifest = ExpansionManifest.From(Report([]), DateTimeOffset.UnixEpoch);

        using var stream = manifest.ToUtf8JsonStream();

        Assert.That(ExpansionManifest.TryParse(stream.ToArray())?.Entries, Is.Empty);
    }

    [Test]
    public void TryReadSummary_FirstBytesOfAManifestOf5000Objects_ReadsTheSummary()
    {
        var objects = Enumerable.Range(0, 5000).Select(i => new WrittenObject($"unzip/报告/{i:D5}-{new string('x', 200)}.txt", i, (uint)i)).ToList();
        var manifest = ExpansionManifest.From(Report(objects), DateTimeOffset.UnixEpoch.AddSeconds(5));
        using var stream = manifest.ToUtf8JsonStream();
        Assume.That(stream.Length, Is.GreaterThan(1_000_000));

        var summary = ExpansionManifest.TryReadSummary(stream.ToArray().AsSpan(0, 4096));

        Assert.That(summary, Is.EqualTo(manifest.Summary));
    }

    [Test]
    public void TryReadSummary_LongestKeysAllEscaped_FitInTheBytesTheStoreReads()
    {
        // '<' is escaped as \u003C (6 bytes): the worst case for the two keys the summary holds.
        var key = "zip/" + new string('<', 1019);
        var manifest = ExpansionManifest.From(Report([new(key, 1, 1)], key, key + "/"), DateTimeOffset.UnixEpoch);
        using var stream = manifest.ToUtf8JsonStream();
        var prefix = stream.ToArray().AsSpan(0, (int)Math.Min(stream.Length, ManifestStore.SummaryReadBytes));

        var summary = ExpansionManifest.TryReadSummary(prefix);

        Assert.That(summary?.Source.Key, Is.EqualTo(key));
    }

    [Test]
    public void TryReadSummary_BytesEndInsideTheSummary_ReturnsNull()
    {
        var manifest = ExpansionManifest.From(Report([new("unzip/报告/a.txt", 1, 1)]), DateTimeOffset.UnixEpoch);
        using var stream = manifest.ToUtf8JsonStream();
        var bytes = stream.ToArray();
        var summaryEnd = Encoding.UTF8.GetString(bytes).IndexOf("\"skipped\"", StringComparison.Ordinal);
        Assume.That(summaryEnd, Is.GreaterThan(0));

        Assert.That(ExpansionManifest.TryReadSummary(bytes.AsSpan(0, summaryEnd - 3)), Is.Null);
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("{}")]
    [TestCase("{\"formatVersion\":2}")]
    [TestCase("{\"formatVersion\":2,\"summary\":\"x\"}")]
    [TestCase("{\"summary\":{\"objects\":1},\"formatVersion\":2}")]
    [TestCase("{\"formatVersion\":2,\"summary\":{\"objects\":1}}")]
    [TestCase("{\"formatVersion\":3,\"summary\":{}}")]
    public void TryReadSummary_NotASummaryThisVersionWrites_ReturnsNull(string json)
    {
        Assert.That(ExpansionManifest.TryReadSummary(Encoding.UTF8.GetBytes(json)), Is.Null);
    }

    [Test]
    public void TryReadSummary_FormatOneManifest_ReturnsNullSoTheArchiveIsExpandedAgain()
    {
        const string formatOne = """
            {"formatVersion":1,"source":{"bucket":"b","key":"zip/a.zip","eTag":"\"e\"","size":1},"outputPrefix":"unzip/a/",
             "entries":[],"skipped":[],"renamed":[],"directories":0,"startedAt":"1970-01-01T00:00:00+00:00",
             "completedAt":"1970-01-01T00:00:00+00:00","durationMs":0}
            """;

        Assert.That(ExpansionManifest.TryReadSummary(Encoding.UTF8.GetBytes(formatOne)), Is.Null);
    }
}
