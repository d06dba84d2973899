using System.Text.Json.Nodes;
using OssUnzip.Local.EventBridge;

namespace OssUnzip.Local.Tests.EventBridge;

public class OssCloudEventConverterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, 123, TimeSpan.Zero);

    [Test]
    public void Convert_PutRecord_BuildsOssCloudEvent()
    {
        var sut = CreateSut();

        var result = sut.Convert(Record("ObjectCreated:Put", "zip/a b/中文.zip", eTag: "0cc175b9c0f1b6a831c399e269772661", size: 1234));

        var e = result.CloudEvent;
        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo("oss:ObjectCreated:PutObject"));
            Assert.That(result.Key, Is.EqualTo("zip/a b/中文.zip"));
            Assert.That(result.Bucket, Is.EqualTo("eb-ask"));
            Assert.That(Text(e, "specversion"), Is.EqualTo("1.0"));
            Assert.That(Text(e, "id"), Is.EqualTo(result.Id).And.Not.Empty);
            Assert.That(Text(e, "source"), Is.EqualTo("acs.oss"));
            Assert.That(Text(e, "type"), Is.EqualTo("oss:ObjectCreated:PutObject"));
            Assert.That(Text(e, "subject"), Is.EqualTo("acs:oss:us-east-1:1000000000000001:eb-ask/zip/a b/中文.zip"));
            Assert.That(Text(e, "time"), Is.EqualTo("2026-11-26T09:29:59.000Z"));
            Assert.That(Text(e, "datacontenttype"), Is.EqualTo("application/json;charset=utf-8"));
            Assert.That(Text(e, "aliyunaccountid"), Is.EqualTo(OssCloudEventConverter.AccountId));
            Assert.That(Text(e, "aliyunoriginalaccountid"), Is.EqualTo(OssCloudEventConverter.AccountId));
            Assert.That(Text(e, "aliyunpublishtime"), Is.EqualTo("2026-11-26T09:30:00.123Z"));
            Assert.That(Text(e, "aliyuneventbusname"), Is.EqualTo("default"));
            Assert.That(Text(e, "aliyunregionid"), Is.EqualTo("us-east-1"));

            var data = e["data"]!;
            Assert.That(Text(data, "eventName"), Is.EqualTo("ObjectCreated:PutObject"));
            Assert.That(Text(data, "eventSource"), Is.EqualTo("acs:oss"));
            Assert.That(Text(data, "eventTime"), Is.EqualTo("2026-11-26T09:29:59.000Z"));
            Assert.That(Text(data, "eventVersion"), Is.EqualTo("1.0"));
            Assert.That(Text(data, "region"), Is.EqualTo("us-east-1"));
            Assert.That(Text(data["requestParameters"]!, "sourceIPAddress"), Is.EqualTo("127.0.0.1"));
            Assert.That(Text(data["responseElements"]!, "requestId"), Is.EqualTo("5F2C0A1B2C3D4E5F"));
            Assert.That(Text(data["userIdentity"]!, "principalId"), Is.EqualTo(OssCloudEventConverter.AccountId));

            var oss = data["oss"]!;
            Assert.That(Text(oss, "ossSchemaVersion"), Is.EqualTo("1.0"));
            Assert.That(Text(oss["bucket"]!, "name"), Is.EqualTo("eb-ask"));
            Assert.That(Text(oss["bucket"]!, "arn"), Is.EqualTo("acs:oss:us-east-1:1000000000000001:eb-ask"));
            Assert.That(Text(oss["bucket"]!, "ownerIdentity"), Is.EqualTo(OssCloudEventConverter.AccountId));
            var obj = oss["object"]!;
            Assert.That(Text(obj, "key"), Is.EqualTo("zip/a b/中文.zip"));
            Assert.That(obj["size"]!.GetValue<long>(), Is.EqualTo(1234));
            Assert.That(obj["deltaSize"]!.GetValue<long>(), Is.EqualTo(1234));
            Assert.That(Text(obj, "eTag"), Is.EqualTo("0cc175b9c0f1b6a831c399e269772661"));
            Assert.That(Text(obj["objectMeta"]!, "mimeType"), Is.EqualTo("application/x-zip-compressed").Or.EqualTo("application/zip"));
        });
    }

    [TestCase("ObjectCreated:Put", "abc", "oss:ObjectCreated:PutObject")]
    [TestCase("ObjectCreated:Post", "abc", "oss:ObjectCreated:PostObject")]
    [TestCase("ObjectCreated:Post", "abc-3", "oss:ObjectCreated:CompleteMultipartUpload")]
    [TestCase("ObjectCreated:CompleteMultipartUpload", "abc", "oss:ObjectCreated:CompleteMultipartUpload")]
    [TestCase("ObjectCreated:Copy", null, "oss:ObjectCreated:CopyObject")]
    [TestCase("ObjectRemoved:Delete", null, "oss:ObjectRemoved:DeleteObject")]
    public void Convert_EventName_MapsToOssType(string s3EventName, string? eTag, string expectedType)
    {
        var sut = CreateSut();

        var result = sut.Convert(Record(s3EventName, "zip/a.zip", eTag, size: eTag is null ? null : 10));

        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo(expectedType));
            Assert.That(Text(result.CloudEvent["data"]!, "eventName"), Is.EqualTo(expectedType["oss:".Length..]));
        });
    }

    [Test]
    public void Convert_RecordWithoutSizeOrETag_OmitsThem()
    {
        var sut = CreateSut();

        var result = sut.Convert(Record("ObjectRemoved:Delete", "zip/a.zip", eTag: null, size: null));

        var obj = result.CloudEvent["data"]!["oss"]!["object"]!.AsObject();
        Assert.That(obj.Select(p => p.Key), Is.EquivalentTo((string[])["key", "objectMeta"]));
    }

    [Test]
    public void Convert_TwoRecords_GetDistinctIds()
    {
        var sut = CreateSut();

        var first = sut.Convert(Record("ObjectCreated:Put", "zip/a.zip", "e", 1));
        var second = sut.Convert(Record("ObjectCreated:Put", "zip/a.zip", "e", 1));

        Assert.That(first.Id, Is.Not.EqualTo(second.Id));
    }

    [Test]
    public void Convert_RecordWithoutBucket_Throws()
    {
        var sut = CreateSut();

        Assert.Throws<KeyNotFoundException>(() => sut.Convert("""{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"zip/a.zip"}}}"""));
    }

    private static OssCloudEventConverter CreateSut() => new(new FixedTimeProvider(Now));

    /// <summary>An S3 event record shaped like the ones s3rver 3.7.1 emits.</summary>
    private static string Record(string eventName, string key, string? eTag, long? size)
    {
        var obj = new JsonObject { ["key"] = key, ["sequencer"] = "19AB" };
        if (size is not null)
        {
            obj["size"] = size;
        }

        if (eTag is not null)
        {
            obj["eTag"] = eTag;
        }

        return new JsonObject
        {
            ["eventVersion"] = "2.0",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = "us-east-1",
            ["eventTime"] = "2026-11-26T09:29:59.000Z",
            ["eventName"] = eventName,
            ["userIdentity"] = new JsonObject { ["principalId"] = "AWS:ABC" },
            ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = "127.0.0.1" },
            ["responseElements"] = new JsonObject { ["x-amz-request-id"] = "5F2C0A1B2C3D4E5F", ["x-amz-id-2"] = "x" },
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "testConfigId",
                ["bucket"] = new JsonObject { ["name"] = "eb-ask", ["arn"] = "arn:aws:s3: : :eb-ask" },
                ["object"] = obj,
            },
        }.ToJsonString();
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
