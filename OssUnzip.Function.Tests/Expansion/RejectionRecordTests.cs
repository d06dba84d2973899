using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Events;

namespace OssUnzip.Function.Tests.Expansion;

public sealed class RejectionRecordTests
{
    private static readonly string[] Entries = ["报告.txt", "b.bin"];
    private static readonly ObjectCreatedEvent Event = new("evt-1", "ObjectCreated:PutObject", "eb-ask", "zip/a.zip", null, null);

    private static RejectionRecord CreateSut(RejectionKind kind = RejectionKind.InvalidArchive, string code = ArchiveRejectionCodes.UnsupportedEntries) =>
        RejectionRecord.From(
            new RejectedOutcome(Event, kind, "2 entries cannot be read: 报告.txt, b.bin", ["报告.txt", "b.bin"]) { Code = code },
            "eb-ask",
            "zip/a.zip",
            "\"0123abcd\"",
            new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero));

    [TestCase(RejectionKind.InvalidArchive, ArchiveRejectionCodes.UnsupportedEntries)]
    [TestCase(RejectionKind.StoreRefused, ArchiveRejectionCodes.StoreRefused)]
    [TestCase(RejectionKind.ReservedOutputFolder, "reserved-output-folder")]
    public void TryParse_WhatToUtf8JsonWrote_GivesBackTheSameOutcome(RejectionKind kind, string code)
    {
        var record = CreateSut(kind, code);

        var parsed = RejectionRecord.TryParse(record.ToUtf8Json());

        Assert.That(parsed, Is.Not.Null);
        var outcome = parsed!.ToOutcome(Event);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Kind, Is.EqualTo(kind));
            Assert.That(outcome.Code, Is.EqualTo(code));
            Assert.That(outcome.Reason, Is.EqualTo("2 entries cannot be read: 报告.txt, b.bin"));
            Assert.That(outcome.Entries, Is.EqualTo(Entries));
            Assert.That(OutcomeJson.Describe(outcome).ToJsonString(), Is.EqualTo(OutcomeJson.Describe(new RejectedOutcome(Event, kind, "2 entries cannot be read: 报告.txt, b.bin", ["报告.txt", "b.bin"]) { Code = code }).ToJsonString()));
        }
    }

    [Test]
    public void ToUtf8Json_Always_NamesBucketKeyETagKindAndCodeReadably()
    {
        var json = Encoding.UTF8.GetString(CreateSut().ToUtf8Json());

        Assert.That(json, Does.Contain("\"bucket\":\"eb-ask\"").And.Contain("\"key\":\"zip/a.zip\"").And.Contain("\"eTag\":\"\\u00220123abcd\\u0022\"")
            .And.Contain("\"kind\":\"invalid-archive\"").And.Contain("\"code\":\"unsupported-entries\"").And.Contain("报告.txt"));
    }

    [TestCase("eb-ask", "zip/a.zip", "\"0123abcd\"", true)]
    [TestCase("other", "zip/a.zip", "\"0123abcd\"", false)]
    [TestCase("eb-ask", "zip/b.zip", "\"0123abcd\"", false)]
    [TestCase("eb-ask", "zip/a.zip", "\"0123abce\"", false)]
    [TestCase("eb-ask", "zip/A.zip", "\"0123abcd\"", false)]
    public void Names_BucketKeyAndETag_OnlyTheExactVersion(string bucket, string key, string eTag, bool expected)
    {
        Assert.That(CreateSut().Names(bucket, key, eTag), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("{}")]
    [TestCase("not json")]
    [TestCase("{\"formatVersion\":2,\"bucket\":\"eb-ask\",\"key\":\"zip/a.zip\",\"eTag\":\"x\",\"kind\":\"invalid-archive\",\"code\":\"c\",\"reason\":\"r\",\"entries\":[],\"rejectedAt\":\"2026-11-30T06:00:00+00:00\"}")]
    [TestCase("{\"formatVersion\":1,\"bucket\":\"eb-ask\",\"key\":\"zip/a.zip\",\"eTag\":\"x\",\"kind\":\"no-such-kind\",\"code\":\"c\",\"reason\":\"r\",\"entries\":[],\"rejectedAt\":\"2026-11-30T06:00:00+00:00\"}")]
    [TestCase("{\"formatVersion\":1,\"bucket\":\"eb-ask\",\"key\":\"zip/a.zip\",\"kind\":\"invalid-archive\",\"code\":\"c\",\"reason\":\"r\",\"entries\":[],\"rejectedAt\":\"2026-11-30T06:00:00+00:00\"}")]
    public void TryParse_NotARecordThisVersionWrites_ReturnsNull(string json)
    {
        Assert.That(RejectionRecord.TryParse(Encoding.UTF8.GetBytes(json)), Is.Null);
    }
}
