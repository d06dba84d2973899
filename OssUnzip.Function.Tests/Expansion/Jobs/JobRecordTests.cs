using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Expansion.Jobs;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

public sealed partial class JobRecordTests
{
    private static readonly string[] DocumentedFields = ["formatVersion", "jobId", "bucket", "key", "eTag", "size", "outputBucket", "outputPrefix", "rule", "eventId", "entries", "compressedBytes", "uncompressedBytes", "shards", "createdAt"];

    private static JobRecord CreateSut() => new(
        JobRecord.CurrentFormat,
        JobRecord.IdFor("eb-ask", "zip/大 x.zip", "\"abc\""),
        "eb-ask",
        "zip/大 x.zip",
        "\"abc\"",
        123_456,
        "eb-ask",
        "unzip/大 x/",
        "default",
        "event-1",
        30,
        100_000,
        200_000,
        [new ShardRange(0, 0, 20, 60_000, 120_000), new ShardRange(1, 20, 10, 40_000, 80_000)],
        new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    [Test]
    public void ToUtf8Json_Record_HasTheDocumentedFields()
    {
        var json = JsonNode.Parse(CreateSut().ToUtf8Json())!.AsObject();

        Assert.That(json.Select(p => p.Key), Is.EqualTo(DocumentedFields));
        Assert.That(json["key"]!.GetValue<string>(), Is.EqualTo("zip/大 x.zip"));
        Assert.That(json["shards"]![1]!.ToJsonString(), Is.EqualTo("""{"index":1,"first":20,"count":10,"compressedBytes":40000,"uncompressedBytes":80000}"""));
    }

    [Test]
    public void TryParse_WrittenRecord_RoundTrips()
    {
        var sut = CreateSut();

        var parsed = JobRecord.TryParse(sut.ToUtf8Json());

        Assert.That(parsed, Is.Not.Null);
        Assert.That(parsed! with { Shards = sut.Shards }, Is.EqualTo(sut));
        Assert.That(parsed.Shards, Is.EqualTo(sut.Shards));
    }

    [Test]
    public void TryParse_StreamJobRecord_RoundTripsWithItsFormatAndOneShard()
    {
        var sut = CreateSut() with { FormatVersion = JobRecord.StreamFormat, Entries = 0, Shards = [new ShardRange(0, 0, 0, 123_456, 0)], Format = "tar+gzip" };

        var bytes = sut.ToUtf8Json();
        var parsed = JobRecord.TryParse(bytes);

        Assert.That(JsonNode.Parse(bytes)!["format"]!.GetValue<string>(), Is.EqualTo("tar+gzip"));
        Assert.That(parsed, Is.Not.Null);
        Assert.That(parsed!.IsStream, Is.True);
        Assert.That(parsed with { Shards = sut.Shards }, Is.EqualTo(sut));
        Assert.That(parsed.Shards, Is.EqualTo(sut.Shards));
        Assert.That(CreateSut().IsStream, Is.False, "a ZIP job's record (and every record written before stream jobs)");
    }

    [Test]
    public void TryParse_DerivedRangesRecord_RoundTripsAsDerivedWhileOlderRecordsAreNot()
    {
        var sut = CreateSut() with { FormatVersion = JobRecord.DerivedFormat, Entries = 0, Shards = [new ShardRange(0, 0, 0, 0, 0), new ShardRange(1, 0, 0, 0, 0), new ShardRange(2, 0, 0, 0, 0)] };

        var bytes = sut.ToUtf8Json();
        var parsed = JobRecord.TryParse(bytes);

        Assert.That(JsonNode.Parse(bytes)!.AsObject().Select(p => p.Key), Is.EqualTo(DocumentedFields), "no new field: the format version says the ranges are derived");
        Assert.That(parsed, Is.Not.Null);
        Assert.That(parsed!.RangesDerived, Is.True);
        Assert.That(parsed.IsStream, Is.False);
        Assert.That(parsed with { Shards = sut.Shards }, Is.EqualTo(sut));
        Assert.That(parsed.Shards, Is.EqualTo(sut.Shards));
        Assert.That(JobRecord.TryParse(CreateSut().ToUtf8Json())!.RangesDerived, Is.False, "a record written before derived ranges keeps its ranges");
    }

    [Test]
    public void TryParse_SevenZipFolderRangesRecord_RoundTripsWithItsRangesWhileOlderRecordsAreNotRanges()
    {
        var sut = CreateSut() with { FormatVersion = JobRecord.SevenZipRangesFormat, Entries = 0, Format = "7z", Shards = [new ShardRange(0, 0, 2, 500, 9_000), new ShardRange(1, 2, 1, 300, 8_000), new ShardRange(2, 3, 4, 200, 7_000)] };

        var bytes = sut.ToUtf8Json();
        var parsed = JobRecord.TryParse(bytes);

        Assert.That(JsonNode.Parse(bytes)!["formatVersion"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(parsed, Is.Not.Null);
        Assert.That(parsed!.IsSevenZipRanges, Is.True);
        Assert.That((parsed.IsStream, parsed.RangesDerived), Is.EqualTo((false, false)));
        Assert.That(parsed with { Shards = sut.Shards }, Is.EqualTo(sut));
        Assert.That(parsed.Shards, Is.EqualTo(sut.Shards));
        Assert.That(JobRecord.TryParse(CreateSut().ToUtf8Json())!.IsSevenZipRanges, Is.False, "a ZIP job's record");
        Assert.That(JobRecord.TryParse((CreateSut() with { FormatVersion = JobRecord.StreamFormat, Format = "7z", Shards = [new ShardRange(0, 0, 0, 1, 0)] }).ToUtf8Json())!.IsSevenZipRanges, Is.False, "a one-shard 7z stream job's record (decision 0031)");
    }

    [TestCase("""[{"index":0,"first":0,"count":2},{"index":1,"first":3,"count":1}]""", "7z", TestName = "TryParse_SevenZipRangesWithAGap_Null")]
    [TestCase("""[{"index":0,"first":0,"count":2},{"index":1,"first":1,"count":2}]""", "7z", TestName = "TryParse_SevenZipRangesOverlapping_Null")]
    [TestCase("""[{"index":0,"first":1,"count":2}]""", "7z", TestName = "TryParse_SevenZipRangesNotFromFolderZero_Null")]
    [TestCase("""[{"index":0,"first":0,"count":0}]""", "7z", TestName = "TryParse_SevenZipRangeOfNoFolder_Null")]
    [TestCase("""[{"index":1,"first":0,"count":2}]""", "7z", TestName = "TryParse_SevenZipRangeIndexOutOfOrder_Null")]
    [TestCase("""[]""", "7z", TestName = "TryParse_SevenZipRangesNone_Null")]
    [TestCase("""[{"index":0,"first":0,"count":2}]""", "tar+gzip", TestName = "TryParse_FolderRangesOfAnotherFormat_Null")]
    [TestCase("""[{"index":0,"first":0,"count":2}]""", null, TestName = "TryParse_FolderRangesWithoutFormat_Null")]
    public void TryParse_MalformedSevenZipRanges_Null(string shards, string? format)
    {
        var text = $$"""{"formatVersion":4,"jobId":"j","bucket":"b","key":"k","eTag":"e","outputBucket":"b","outputPrefix":"o/","rule":"default","eventId":"x",{{(format is null ? "" : $"\"format\":\"{format}\",")}}"shards":{{shards}}}""";

        Assert.That(JobRecord.TryParse(System.Text.Encoding.UTF8.GetBytes(text)), Is.Null);
    }

    [TestCase("""{"formatVersion":1,"jobId":"j","bucket":"b","key":"k","eTag":"e","size":10,"outputBucket":"b","outputPrefix":"o/","rule":"default","eventId":"x","entries":3,"compressedBytes":5,"uncompressedBytes":7,"shards":[{"index":0,"first":0,"count":3,"compressedBytes":5,"uncompressedBytes":7}],"createdAt":"2026-11-30T09:00:00+00:00"}""")]
    public void TryParse_RecordWrittenBeforeDerivedRanges_ReadsWithItsRanges(string text)
    {
        var parsed = JobRecord.TryParse(System.Text.Encoding.UTF8.GetBytes(text));

        Assert.That(parsed, Is.Not.Null);
        Assert.That(parsed!.RangesDerived, Is.False);
        Assert.That(parsed.Shards.Single(), Is.EqualTo(new ShardRange(0, 0, 3, 5, 7)));
    }

    [TestCase("""{"formatVersion":3,"jobId":"j","bucket":"b","key":"k","eTag":"e","outputBucket":"b","outputPrefix":"o/","rule":"default","eventId":"x","format":"7z","shards":[{"index":0}]}""")]
    [TestCase("""{"formatVersion":2,"jobId":"j","bucket":"b","key":"k","eTag":"e","outputBucket":"b","outputPrefix":"o/","rule":"default","eventId":"x","format":"7z","shards":[{"index":0},{"index":1}]}""")]
    [TestCase("""{"formatVersion":1,"jobId":"j","bucket":"b","key":"k","eTag":"e","outputBucket":"b","outputPrefix":"o/","rule":"default","eventId":"x","format":"7z","shards":[]}""")]
    public void TryParse_StreamRecordOfTheWrongShape_Null(string text)
    {
        Assert.That(JobRecord.TryParse(System.Text.Encoding.UTF8.GetBytes(text)), Is.Null);
    }

    [TestCase("""{"formatVersion":2,"jobId":"j","bucket":"b","key":"k","eTag":"e","outputBucket":"b","outputPrefix":"o/","rule":"default","eventId":"x","shards":[]}""")]
    [TestCase("""{"formatVersion":1,"jobId":"j","bucket":"b"}""")]
    [TestCase("not json")]
    public void TryParse_NotARecordThisVersionWrites_Null(string text)
    {
        Assert.That(JobRecord.TryParse(System.Text.Encoding.UTF8.GetBytes(text)), Is.Null);
    }

    [Test]
    public void IdFor_SameVersion_SameIdThatKubernetesAcceptsAsAName()
    {
        var id = JobRecord.IdFor("eb-ask", "zip/x.zip", "\"e1\"");

        Assert.That(JobRecord.IdFor("eb-ask", "zip/x.zip", "\"e1\""), Is.EqualTo(id));
        Assert.That(JobRecord.IdFor("eb-ask", "zip/x.zip", "\"e2\""), Is.Not.EqualTo(id));
        Assert.That(id, Does.Match(DnsLabel()));
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,52}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
