using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Functions;
using OssUnzip.Function.Http;
using OssUnzip.Function.Tests.Events;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Functions;

public sealed class UnzipFunctionTests
{
    private Mock<IArchiveExpander> _expander = null!;
    private FakeFunctionContext _context = null!;

    [SetUp]
    public void SetUp()
    {
        _expander = new Mock<IArchiveExpander>(MockBehavior.Strict);
        _context = new FakeFunctionContext();
    }

    [TearDown]
    public void TearDown() => _expander.VerifyNoOtherCalls();

    /// <summary>Not the default, so the tests show the limit comes from <c>Http:MaxBodyBytes</c>.</summary>
    private const int MaxBodyBytes = 8192;

    private UnzipFunction CreateSut(string permanentFailureStatus = ResponseOptions.Acknowledge) =>
        new(_expander.Object, Options.Create(new RequestLimitsOptions { MaxBodyBytes = MaxBodyBytes }), Options.Create(new ResponseOptions { PermanentFailureStatus = permanentFailureStatus }), NullLogger<UnzipFunction>.Instance);

    private FakeHttpRequestData Request(JsonNode body, params (string Name, string Value)[] headers) => Request(OssEventSamples.Utf8(body), headers);

    private FakeHttpRequestData Request(byte[] body, params (string Name, string Value)[] headers) =>
        new(_context, body, headers.Select(h => KeyValuePair.Create(h.Name, h.Value)));

    private static JsonElement BodyOf(HttpResponseData response) => JsonDocument.Parse(((FakeHttpResponseData)response).BodyText()).RootElement;

    private static string[] Strings(params string[] values) => values;

    private void ExpandReturns(Func<ObjectCreatedEvent, ExpansionOutcome> outcome) =>
        _expander.Setup(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ObjectCreatedEvent evt, CancellationToken _) => outcome(evt));

    private static ExpansionReport Report(ObjectCreatedEvent evt) => new(
        evt.Bucket,
        evt.Key,
        "\"etag-1\"",
        Size: 99_999,
        OutputPrefix: "unzip/photos 2026/",
        EntriesWritten: 3,
        BytesWritten: 12_345,
        Directories: 1,
        Skipped: [new EntryNote("same.txt", "a later entry maps to the same key and replaces it", "unzip/photos 2026/same.txt")],
        Renamed: [],
        Objects: [],
        StartedAt: DateTimeOffset.UnixEpoch,
        DurationMs: 42,
        GetRequests: 2,
        PutRequests: 3);

    [Test]
    public async Task RunAsync_Expanded_Returns200WithTheReport()
    {
        ObjectCreatedEvent? seen = null;
        ExpandReturns(evt => new ExpandedOutcome(seen = evt, Report(evt)));

        var response = await CreateSut().RunAsync(Request(OssEventSamples.CloudEvent()), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Content-Type").Single(), Does.StartWith("application/json"));
            Assert.That(seen, Is.EqualTo(new ObjectCreatedEvent(OssEventSamples.CloudEventId, "ObjectCreated:PutObject", OssEventSamples.Bucket, OssEventSamples.Key, OssEventSamples.ETag, 1_048_576)));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("expanded"));
            Assert.That(body.GetProperty("bucket").GetString(), Is.EqualTo(OssEventSamples.Bucket));
            Assert.That(body.GetProperty("key").GetString(), Is.EqualTo(OssEventSamples.Key));
            Assert.That(body.GetProperty("etag").GetString(), Is.EqualTo("\"etag-1\""));
            Assert.That(body.GetProperty("outputPrefix").GetString(), Is.EqualTo("unzip/photos 2026/"));
            Assert.That(body.GetProperty("entriesWritten").GetInt32(), Is.EqualTo(3));
            Assert.That(body.GetProperty("bytesWritten").GetInt64(), Is.EqualTo(12_345));
            Assert.That(body.GetProperty("directories").GetInt32(), Is.EqualTo(1));
            Assert.That(body.GetProperty("durationMs").GetInt64(), Is.EqualTo(42));
            Assert.That(body.GetProperty("getRequests").GetInt32(), Is.EqualTo(2));
            Assert.That(body.GetProperty("putRequests").GetInt32(), Is.EqualTo(3));
            Assert.That(body.GetProperty("skipped")[0].GetProperty("entry").GetString(), Is.EqualTo("same.txt"));
            Assert.That(body.GetProperty("skipped")[0].GetProperty("key").GetString(), Is.EqualTo("unzip/photos 2026/same.txt"));
            Assert.That(body.GetProperty("renamed").GetArrayLength(), Is.Zero);
        }

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RunAsync_Ignored_Returns200WithTheReason()
    {
        ExpandReturns(evt => new IgnoredOutcome(evt, "bucket 'other' is not in Unzip:AllowedBuckets"));

        var response = await CreateSut().RunAsync(Request(OssEventSamples.CloudEvent()), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("ignored"));
            Assert.That(body.GetProperty("reason").GetString(), Is.EqualTo("bucket 'other' is not in Unzip:AllowedBuckets"));
            Assert.That(body.GetProperty("eventId").GetString(), Is.EqualTo(OssEventSamples.CloudEventId));
            Assert.That(body.GetProperty("key").GetString(), Is.EqualTo(OssEventSamples.Key));
        }

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RunAsync_InvalidArchiveWithClientErrorSetting_Returns422NamingTheEntries()
    {
        ExpandReturns(evt => new RejectedOutcome(evt, RejectionKind.InvalidArchive, "The archive has 2 entries that cannot be read", ["a.bin: encrypted", "b.bin: encrypted"]));

        var response = await CreateSut(ResponseOptions.ClientError).RunAsync(Request(OssEventSamples.CloudEvent()), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("rejected"));
            Assert.That(body.GetProperty("kind").GetString(), Is.EqualTo("invalid-archive"));
            Assert.That(body.GetProperty("reason").GetString(), Does.Contain("cannot be read"));
            Assert.That(body.GetProperty("entries").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(Strings("a.bin: encrypted", "b.bin: encrypted")));
        }

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase(RejectionKind.InvalidArchive, "invalid-archive", "not-a-zip")]
    [TestCase(RejectionKind.StoreRefused, "store-refused", "store-refused")]
    [TestCase(RejectionKind.ReservedOutputFolder, "reserved-output-folder", "reserved-output-folder")]
    [TestCase(RejectionKind.SourceMissing, "source-missing", "source-missing")]
    public async Task RunAsync_PermanentRejectionByDefault_Acknowledged200WithTheOutcomeInTheBody(RejectionKind kind, string kindName, string code)
    {
        ExpandReturns(evt => new RejectedOutcome(evt, kind, "no retry can change this", ["a.bin"]) { Code = code });

        var response = await CreateSut().RunAsync(Request(OssEventSamples.CloudEvent()), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("rejected"));
            Assert.That(body.GetProperty("kind").GetString(), Is.EqualTo(kindName));
            Assert.That(body.GetProperty("code").GetString(), Is.EqualTo(code));
        }

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RunAsync_SourceMissingWithClientErrorSetting_Returns404()
    {
        ExpandReturns(evt => new RejectedOutcome(evt, RejectionKind.SourceMissing, "gone", []));

        var response = await CreateSut(ResponseOptions.ClientError).RunAsync(Request(OssEventSamples.CloudEvent()), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(BodyOf(response).GetProperty("kind").GetString(), Is.EqualTo("source-missing"));
        }

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RunAsync_MalformedJson_Returns400WithoutCallingTheExpander()
    {
        var response = await CreateSut().RunAsync(Request(Encoding.UTF8.GetBytes("{\"specversion\":")), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("malformed"));
            Assert.That(body.GetProperty("reason").GetString(), Does.Contain("not valid JSON"));
        }
    }

    [Test]
    public async Task RunAsync_KeyIsANumber_Returns400NamingTheField()
    {
        var cloudEvent = OssEventSamples.CloudEvent();
        cloudEvent["data"]!["oss"]!["object"]!["key"] = 7;

        var response = await CreateSut().RunAsync(Request(cloudEvent), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(BodyOf(response).GetProperty("reason").GetString(), Does.Contain("data.oss.object.key"));
        }
    }

    [Test]
    public async Task RunAsync_EmptyBody_Returns400()
    {
        var response = await CreateSut().RunAsync(Request([]), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task RunAsync_BodyOverTheLimit_Returns413WithoutCallingTheExpander()
    {
        var body = new byte[MaxBodyBytes + 1];
        Array.Fill(body, (byte)' ');

        var response = await CreateSut().RunAsync(Request(body), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(BodyOf(response).GetProperty("status").GetString(), Is.EqualTo("too-large"));
        }
    }

    [Test]
    public async Task RunAsync_BodyOverTheConfiguredLimit_413NamesThatLimit()
    {
        var body = new byte[MaxBodyBytes + 1];
        Array.Fill(body, (byte)' ');

        var response = await CreateSut().RunAsync(Request(body), CancellationToken.None);

        Assert.That(BodyOf(response).GetProperty("reason").GetString(), Does.Contain($"{MaxBodyBytes} bytes"));
    }

    [Test]
    public async Task RunAsync_EventPaddedToExactlyTheLimit_IsAccepted()
    {
        ExpandReturns(evt => new IgnoredOutcome(evt, "test"));
        var json = OssEventSamples.Utf8(OssEventSamples.CloudEvent());
        var body = new byte[MaxBodyBytes];
        Array.Fill(body, (byte)' ');
        json.CopyTo(body, 0);

        var response = await CreateSut().RunAsync(Request(body), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RunAsync_NotificationWithTwoRecordsWithClientErrorSetting_ExpandsBothAndTheWorstStatusWins()
    {
        var sequence = new MockSequence();
        _expander.InSequence(sequence)
            .Setup(e => e.ExpandAsync(It.Is<ObjectCreatedEvent>(evt => evt.Key == "zip/a.zip"), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ObjectCreatedEvent evt, CancellationToken _) => new ExpandedOutcome(evt, Report(evt)));
        _expander.InSequence(sequence)
            .Setup(e => e.ExpandAsync(It.Is<ObjectCreatedEvent>(evt => evt.Key == "zip/b.zip"), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ObjectCreatedEvent evt, CancellationToken _) => new RejectedOutcome(evt, RejectionKind.InvalidArchive, "corrupt", []));
        var body = OssEventSamples.Notification(OssEventSamples.Record(key: "zip/a.zip"), OssEventSamples.Record(key: "zip/b.zip"));

        var response = await CreateSut(ResponseOptions.ClientError).RunAsync(Request(body), CancellationToken.None);

        var json = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("multiple"));
            Assert.That(json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()), Is.EqualTo(Strings("expanded", "rejected")));
        }

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public async Task RunAsync_NotificationIgnoredThenMissingWithClientErrorSetting_Returns404()
    {
        _expander.Setup(e => e.ExpandAsync(It.Is<ObjectCreatedEvent>(evt => evt.Key == "zip/a.zip"), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ObjectCreatedEvent evt, CancellationToken _) => new RejectedOutcome(evt, RejectionKind.SourceMissing, "gone", []));
        _expander.Setup(e => e.ExpandAsync(It.Is<ObjectCreatedEvent>(evt => evt.Key == "other/b.zip"), It.IsAny<CancellationToken>()))
            .ReturnsAsync((ObjectCreatedEvent evt, CancellationToken _) => new IgnoredOutcome(evt, "prefix"));
        var body = OssEventSamples.Notification(OssEventSamples.Record(key: "zip/a.zip"), OssEventSamples.Record(key: "other/b.zip"));

        var response = await CreateSut(ResponseOptions.ClientError).RunAsync(Request(body), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public async Task RunAsync_CloudEventHeaders_ParsesTheBodyAsBinaryModeData()
    {
        ObjectCreatedEvent? seen = null;
        ExpandReturns(evt => new IgnoredOutcome(seen = evt, "test"));
        var request = Request(
            OssEventSamples.Record(eventName: "ObjectCreated:PutObject"),
            ("ce-specversion", "1.0"),
            ("ce-id", "binary-7"),
            ("ce-type", "oss:ObjectCreated:PostObject"),
            ("ce-source", "acs.oss"),
            ("Content-Type", "application/json"));

        var response = await CreateSut().RunAsync(request, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(seen?.EventId, Is.EqualTo("binary-7"));
            Assert.That(seen?.EventType, Is.EqualTo("ObjectCreated:PostObject"));
            Assert.That(seen?.Key, Is.EqualTo(OssEventSamples.Key));
        }

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RunAsync_CloudEventHeadersInCanonicalCase_AreRecognized()
    {
        ObjectCreatedEvent? seen = null;
        ExpandReturns(evt => new IgnoredOutcome(seen = evt, "test"));
        var request = Request(OssEventSamples.Record(), ("Ce-Specversion", "1.0"), ("Ce-Id", "binary-8"), ("Ce-Type", "oss:ObjectCreated:CopyObject"));

        await CreateSut().RunAsync(request, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(seen?.EventId, Is.EqualTo("binary-8"));
            Assert.That(seen?.EventType, Is.EqualTo("ObjectCreated:CopyObject"));
        }

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RunAsync_StructuredEventWithTextContentType_IsStillParsed()
    {
        ExpandReturns(evt => new IgnoredOutcome(evt, "test"));

        var response = await CreateSut().RunAsync(Request(OssEventSamples.CloudEvent(), ("Content-Type", "text/plain")), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RunAsync_Always_PassesTheCancellationTokenOn()
    {
        using var cancellation = new CancellationTokenSource();
        _expander.Setup(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), cancellation.Token))
            .ReturnsAsync((ObjectCreatedEvent evt, CancellationToken _) => new IgnoredOutcome(evt, "test"));

        await CreateSut().RunAsync(Request(OssEventSamples.CloudEvent()), cancellation.Token);

        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), cancellation.Token), Times.Once);
    }

    [Test]
    public void RunAsync_ExpanderThrows_LetsTheExceptionReachTheMiddleware()
    {
        _expander.Setup(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("connection reset"));
        var sut = CreateSut();
        var request = Request(OssEventSamples.CloudEvent());

        Assert.That(async () => await sut.RunAsync(request, CancellationToken.None), Throws.TypeOf<IOException>());
        _expander.Verify(e => e.ExpandAsync(It.IsAny<ObjectCreatedEvent>(), It.IsAny<CancellationToken>()), Times.Once);
    }
}
