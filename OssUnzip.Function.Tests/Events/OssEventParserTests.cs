using System.Text;
using System.Text.Json.Nodes;
using OssUnzip.Function.Events;

namespace OssUnzip.Function.Tests.Events;

public sealed class OssEventParserTests
{
    private static string[] Keys(params string[] keys) => keys;

    private static EventParseResult Parse(JsonNode body, CloudEventBinaryAttributes? binaryMode = null) =>
        OssEventParser.Parse(OssEventSamples.Utf8(body), binaryMode);

    private static EventParseResult Parse(string body) => OssEventParser.Parse(Encoding.UTF8.GetBytes(body), null);

    private static JsonObject ObjectOf(JsonObject cloudEvent) => cloudEvent["data"]!["oss"]!["object"]!.AsObject();

    [Test]
    public void Parse_StructuredCloudEventAsEventBridgeDeliversIt_ReturnsItsRecord()
    {
        var body = OssEventSamples.CloudEvent();

        var result = Parse(body);

        Assert.That(result.IsValid, Is.True, result.Problem);
        Assert.That(result.Events, Has.Count.EqualTo(1));
        var evt = result.Events[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(evt.EventId, Is.EqualTo(OssEventSamples.CloudEventId));
            Assert.That(evt.EventType, Is.EqualTo("ObjectCreated:PutObject"));
            Assert.That(evt.Bucket, Is.EqualTo(OssEventSamples.Bucket));
            Assert.That(evt.Key, Is.EqualTo(OssEventSamples.Key));
            Assert.That(evt.ETag, Is.EqualTo(OssEventSamples.ETag));
            Assert.That(evt.Size, Is.EqualTo(1_048_576));
        }
    }

    [Test]
    public void Parse_CloudEventTypeDiffersFromEventName_CloudEventTypeWins()
    {
        var body = OssEventSamples.CloudEvent(type: "oss:ObjectCreated:CompleteMultipartUpload");

        var result = Parse(body);

        Assert.That(result.Events.Single().EventType, Is.EqualTo("ObjectCreated:CompleteMultipartUpload"));
    }

    [Test]
    public void Parse_BinaryModeBodyIsTheRecord_TakesIdAndTypeFromAttributes()
    {
        var body = OssEventSamples.Record(eventName: "ObjectCreated:PutObject");
        var attributes = new CloudEventBinaryAttributes("ce-42", "oss:ObjectCreated:PostObject", "acs.oss");

        var result = Parse(body, attributes);

        Assert.That(result.IsValid, Is.True, result.Problem);
        var evt = result.Events.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(evt.EventId, Is.EqualTo("ce-42"));
            Assert.That(evt.EventType, Is.EqualTo("ObjectCreated:PostObject"));
            Assert.That(evt.Bucket, Is.EqualTo(OssEventSamples.Bucket));
            Assert.That(evt.Key, Is.EqualTo(OssEventSamples.Key));
        }
    }

    [Test]
    public void Parse_BinaryModeWithoutTypeHeader_FallsBackToEventName()
    {
        var body = OssEventSamples.Record(eventName: "ObjectCreated:CopyObject");

        var result = Parse(body, new CloudEventBinaryAttributes(null, null, null));

        var evt = result.Events.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(evt.EventType, Is.EqualTo("ObjectCreated:CopyObject"));
            Assert.That(evt.EventId, Is.EqualTo(OssEventSamples.RequestId));
        }
    }

    [Test]
    public void Parse_BareOssRecord_UsesEventNameAndRequestId()
    {
        var body = OssEventSamples.Record(eventName: "ObjectCreated:AppendObject");

        var result = Parse(body);

        Assert.That(result.IsValid, Is.True, result.Problem);
        var evt = result.Events.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(evt.EventId, Is.EqualTo(OssEventSamples.RequestId));
            Assert.That(evt.EventType, Is.EqualTo("ObjectCreated:AppendObject"));
            Assert.That(evt.Key, Is.EqualTo(OssEventSamples.Key));
            Assert.That(evt.Size, Is.EqualTo(1_048_576));
        }
    }

    [Test]
    public void Parse_BareRecordWithoutRequestId_UsesBucketAndKeyAsId()
    {
        var body = OssEventSamples.Record();
        body.Remove("responseElements");

        var result = Parse(body);

        Assert.That(result.Events.Single().EventId, Is.EqualTo($"{OssEventSamples.Bucket}/{OssEventSamples.Key}"));
    }

    [Test]
    public void Parse_NotificationWithOneRecord_ReturnsIt()
    {
        var body = OssEventSamples.Notification(OssEventSamples.Record(key: "zip/one.zip"));

        var result = Parse(body);

        Assert.That(result.IsValid, Is.True, result.Problem);
        Assert.That(result.Events.Select(e => e.Key), Is.EqualTo(Keys("zip/one.zip")));
    }

    [Test]
    public void Parse_NotificationWithTwoRecords_ReturnsBothInOrder()
    {
        var body = OssEventSamples.Notification(
            OssEventSamples.Record(key: "zip/first.zip", requestId: "r1"),
            OssEventSamples.Record(key: "zip/second.zip", eventName: "ObjectCreated:CompleteMultipartUpload", requestId: "r2"));

        var result = Parse(body);

        Assert.That(result.IsValid, Is.True, result.Problem);
        Assert.That(result.Events, Has.Count.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Events[0].Key, Is.EqualTo("zip/first.zip"));
            Assert.That(result.Events[0].EventId, Is.EqualTo("r1"));
            Assert.That(result.Events[1].Key, Is.EqualTo("zip/second.zip"));
            Assert.That(result.Events[1].EventType, Is.EqualTo("ObjectCreated:CompleteMultipartUpload"));
            Assert.That(result.Events[1].EventId, Is.EqualTo("r2"));
        }
    }

    [TestCase("oss:ObjectCreated:PutObject", "ObjectCreated:PutObject")]
    [TestCase("ObjectCreated:PutObject", "ObjectCreated:PutObject")]
    [TestCase("oss:ObjectRemoved:DeleteObject", "ObjectRemoved:DeleteObject")]
    public void Parse_CloudEventType_IsNormalizedWithoutOssPrefix(string type, string expected)
    {
        var body = OssEventSamples.CloudEvent(type: type);

        var result = Parse(body);

        Assert.That(result.Events.Single().EventType, Is.EqualTo(expected));
    }

    [Test]
    public void Parse_SizeAsNumericString_IsParsed()
    {
        var body = OssEventSamples.CloudEvent();
        ObjectOf(body)["size"] = "123456789012";

        var result = Parse(body);

        Assert.That(result.Events.Single().Size, Is.EqualTo(123_456_789_012L));
    }

    [Test]
    public void Parse_SizeMissing_IsNull()
    {
        var body = OssEventSamples.CloudEvent();
        ObjectOf(body).Remove("size");
        ObjectOf(body).Remove("eTag");

        var result = Parse(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsValid, Is.True, result.Problem);
            Assert.That(result.Events.Single().Size, Is.Null);
            Assert.That(result.Events.Single().ETag, Is.Null);
        }
    }

    [TestCase("{\"specversion\":\"1.0\",")]
    [TestCase("not json")]
    [TestCase("")]
    public void Parse_MalformedJson_ReturnsProblem(string body)
    {
        var result = Parse(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Events, Is.Empty);
            Assert.That(result.Problem, Does.Contain("not valid JSON"));
        }
    }

    [TestCase("[]", "an array")]
    [TestCase("\"zip/a.zip\"", "a string")]
    [TestCase("42", "a number")]
    [TestCase("null", "null")]
    public void Parse_RootIsNotAnObject_ReturnsProblemNamingWhatItIs(string body, string described)
    {
        var result = Parse(body);

        Assert.That(result.Problem, Does.Contain("must be a JSON object").And.Contain(described));
    }

    [Test]
    public void Parse_UnrecognizedObject_ReturnsProblemListingAcceptedForms()
    {
        var result = Parse("{\"hello\":\"world\"}");

        Assert.That(result.Problem, Does.Contain("specversion").And.Contain("events"));
    }

    [Test]
    public void Parse_CloudEventWithoutData_ReturnsProblemNamingData()
    {
        var body = OssEventSamples.CloudEvent();
        body.Remove("data");

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("data "));
    }

    [Test]
    public void Parse_CloudEventDataIsAString_ReturnsProblemNamingData()
    {
        var body = OssEventSamples.CloudEvent();
        body["data"] = "{}";

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("data "));
    }

    [Test]
    public void Parse_CloudEventTypeIsANumber_ReturnsProblemNamingType()
    {
        var body = OssEventSamples.CloudEvent();
        body["type"] = 7;

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("type must be a string"));
    }

    [Test]
    public void Parse_MissingOss_ReturnsProblemNamingPath()
    {
        var body = OssEventSamples.CloudEvent();
        body["data"]!.AsObject().Remove("oss");

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("data.oss must be a JSON object"));
    }

    [Test]
    public void Parse_MissingBucketName_ReturnsProblemNamingPath()
    {
        var body = OssEventSamples.CloudEvent();
        body["data"]!["oss"]!["bucket"]!.AsObject().Remove("name");

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("data.oss.bucket.name is required."));
    }

    [Test]
    public void Parse_EmptyBucketName_ReturnsProblemNamingPath()
    {
        var body = OssEventSamples.CloudEvent();
        body["data"]!["oss"]!["bucket"]!["name"] = "";

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("data.oss.bucket.name must be a non-empty string"));
    }

    [Test]
    public void Parse_MissingKey_ReturnsProblemNamingPath()
    {
        var body = OssEventSamples.CloudEvent();
        ObjectOf(body).Remove("key");

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("data.oss.object.key is required."));
    }

    [Test]
    public void Parse_EmptyKey_ReturnsProblemNamingPath()
    {
        var body = OssEventSamples.CloudEvent();
        ObjectOf(body)["key"] = "";

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("data.oss.object.key must be a non-empty string"));
    }

    [Test]
    public void Parse_KeyIsANumber_ReturnsProblemNamingPathAndType()
    {
        var body = OssEventSamples.CloudEvent();
        ObjectOf(body)["key"] = 12345;

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("data.oss.object.key must be a non-empty string, not a number."));
    }

    [TestCase(-1)]
    [TestCase(1.5)]
    public void Parse_SizeNotANonNegativeInteger_ReturnsProblemNamingPath(double size)
    {
        var body = OssEventSamples.CloudEvent();
        ObjectOf(body)["size"] = size;

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("data.oss.object.size must be a non-negative integer."));
    }

    [TestCase("-5")]
    [TestCase("12abc")]
    [TestCase("")]
    public void Parse_SizeStringNotANonNegativeInteger_ReturnsProblemNamingPath(string size)
    {
        var body = OssEventSamples.CloudEvent();
        ObjectOf(body)["size"] = size;

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("data.oss.object.size must be a non-negative integer."));
    }

    [Test]
    public void Parse_ETagIsANumber_ReturnsProblemNamingPath()
    {
        var body = OssEventSamples.CloudEvent();
        ObjectOf(body)["eTag"] = 99;

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("data.oss.object.eTag must be a string, not a number."));
    }

    [Test]
    public void Parse_BucketIsAString_ReturnsProblemNamingPath()
    {
        var body = OssEventSamples.CloudEvent();
        body["data"]!["oss"]!["bucket"] = OssEventSamples.Bucket;

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("data.oss.bucket must be a JSON object."));
    }

    [Test]
    public void Parse_RecordWithoutEventNameOrType_ReturnsProblem()
    {
        var body = OssEventSamples.Record();
        body.Remove("eventName");

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("$.eventName"));
    }

    [Test]
    public void Parse_BareRecordMissingKey_ReturnsProblemWithRootPath()
    {
        var body = OssEventSamples.Record();
        body["oss"]!["object"]!.AsObject().Remove("key");

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("$.oss.object.key is required."));
    }

    [Test]
    public void Parse_NotificationSecondRecordKeyWrongType_ReturnsProblemNamingIndex()
    {
        var second = OssEventSamples.Record();
        second["oss"]!["object"]!["key"] = true;
        var body = OssEventSamples.Notification(OssEventSamples.Record(), second);

        var result = Parse(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Problem, Is.EqualTo("events[1].oss.object.key must be a non-empty string, not a boolean."));
            Assert.That(result.Events, Is.Empty);
        }
    }

    [TestCase("{\"events\":[]}")]
    [TestCase("{\"events\":{}}")]
    public void Parse_NotificationEventsNotANonEmptyArray_ReturnsProblem(string body)
    {
        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("events must be a non-empty array"));
    }

    [Test]
    public void Parse_NotificationElementNotAnObject_ReturnsProblemNamingIndex()
    {
        var result = Parse("{\"events\":[\"zip/a.zip\"]}");

        Assert.That(result.Problem, Is.EqualTo("events[0] must be a JSON object."));
    }

    [Test]
    public void Parse_BinaryModeMissingBucketName_ReturnsProblemNamingField()
    {
        var body = OssEventSamples.Record();
        body["oss"]!["bucket"]!.AsObject().Remove("name");

        var result = Parse(body, new CloudEventBinaryAttributes("id", "oss:ObjectCreated:PutObject", "acs.oss"));

        Assert.That(result.Problem, Does.EndWith("oss.bucket.name is required."));
    }

    [Test]
    public void Parse_StructuredCloudEventWithoutSource_ReturnsTheSdksRefusalAsProblem()
    {
        var body = OssEventSamples.CloudEvent();
        body.Remove("source");

        var result = Parse(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Problem, Does.StartWith("The body is not a valid CloudEvent").And.Contain("source"));
        }
    }

    [Test]
    public void Parse_CloudEventTimeNotATimestamp_ReturnsProblem()
    {
        var body = OssEventSamples.CloudEvent();
        body["time"] = "yesterday";

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("The body is not a valid CloudEvent"));
    }

    [Test]
    public void Parse_CloudEventSpecVersionIsANumber_ReturnsProblemNamingSpecVersion()
    {
        var body = OssEventSamples.CloudEvent();
        body["specversion"] = 1;

        var result = Parse(body);

        Assert.That(result.Problem, Is.EqualTo("specversion must be a string, not a number."));
    }

    [Test]
    public void Parse_CloudEventDataContentTypeNotJson_ReturnsProblemNamingData()
    {
        var body = OssEventSamples.CloudEvent();
        body["datacontenttype"] = "text/plain";
        body["data"] = "zip/a.zip";

        var result = Parse(body);

        Assert.That(result.Problem, Does.StartWith("data must be a JSON object"));
    }

    [TestCase("", "not valid JSON")]
    [TestCase("{\"oss\":", "not valid JSON")]
    [TestCase("[]", "must be a JSON object, not an array")]
    public void Parse_BinaryModeBodyNotAJsonObject_ReturnsProblem(string body, string expected)
    {
        var result = OssEventParser.Parse(Encoding.UTF8.GetBytes(body), new CloudEventBinaryAttributes("id", "oss:ObjectCreated:PutObject", "acs.oss"));

        Assert.That(result.Problem, Does.Contain(expected));
    }
}
