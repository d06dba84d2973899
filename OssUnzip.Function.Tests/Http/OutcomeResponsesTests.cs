using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Functions;
using OssUnzip.Function.Http;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Http;

public sealed class OutcomeResponsesTests
{
    private static readonly ObjectCreatedEvent Event = new("evt-1", "ObjectCreated:PutObject", "eb-ask", "zip/a.zip", null, null);

    private static FakeHttpRequestData CreateRequest() => new(new FakeFunctionContext(), []);

    private static JsonElement BodyOf(HttpResponseData response) => JsonDocument.Parse(((FakeHttpResponseData)response).BodyText()).RootElement;

    private static readonly string[] BothKinds = ["invalid-archive", "source-missing"];
    private static readonly ResponseOptions Acknowledge = new();
    private static readonly ResponseOptions ClientError = new() { PermanentFailureStatus = ResponseOptions.ClientError };

    private static ResponseOptions Setting(string value) => value == ResponseOptions.ClientError ? ClientError : Acknowledge;

    [TestCase(ResponseOptions.Acknowledge, FailureKind.Transient, HttpStatusCode.ServiceUnavailable, "failed", true)]
    [TestCase(ResponseOptions.Acknowledge, FailureKind.AccessDenied, HttpStatusCode.Forbidden, "access-denied", true)]
    [TestCase(ResponseOptions.Acknowledge, FailureKind.SourceChanged, HttpStatusCode.OK, "source-changed", false)]
    [TestCase(ResponseOptions.Acknowledge, FailureKind.SourceMissing, HttpStatusCode.OK, "source-missing", false)]
    [TestCase(ResponseOptions.Acknowledge, FailureKind.StoreRefused, HttpStatusCode.OK, "store-refused", false)]
    [TestCase(ResponseOptions.Acknowledge, FailureKind.Unexpected, HttpStatusCode.InternalServerError, "error", false)]
    [TestCase(ResponseOptions.ClientError, FailureKind.Transient, HttpStatusCode.ServiceUnavailable, "failed", true)]
    [TestCase(ResponseOptions.ClientError, FailureKind.AccessDenied, HttpStatusCode.Forbidden, "access-denied", true)]
    [TestCase(ResponseOptions.ClientError, FailureKind.SourceChanged, HttpStatusCode.Conflict, "source-changed", false)]
    [TestCase(ResponseOptions.ClientError, FailureKind.SourceMissing, HttpStatusCode.NotFound, "source-missing", false)]
    [TestCase(ResponseOptions.ClientError, FailureKind.StoreRefused, HttpStatusCode.UnprocessableEntity, "store-refused", false)]
    [TestCase(ResponseOptions.ClientError, FailureKind.Unexpected, HttpStatusCode.InternalServerError, "error", false)]
    public async Task FailureAsync_KindAndSetting_MapsToStatusAndRetryable(string setting, FailureKind kind, HttpStatusCode status, string code, bool retryable)
    {
        var response = await OutcomeResponses.FailureAsync(CreateRequest(), kind, "why", Setting(setting), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(status));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo(code));
            Assert.That(body.GetProperty("retryable").GetBoolean(), Is.EqualTo(retryable));
            Assert.That(body.GetProperty("reason").GetString(), Is.EqualTo("why"));
        }
    }

    [Test]
    public async Task ForOutcomesAsync_AllIgnored_Returns200Multiple()
    {
        var response = await OutcomeResponses.ForOutcomesAsync(CreateRequest(), [new IgnoredOutcome(Event, "a"), new IgnoredOutcome(Event, "b")], Acknowledge, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(BodyOf(response).GetProperty("results").GetArrayLength(), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task ForOutcomesAsync_MissingAndInvalidWithClientErrorSetting_TheHigherStatusWins()
    {
        IReadOnlyList<ExpansionOutcome> outcomes =
        [
            new RejectedOutcome(Event, RejectionKind.InvalidArchive, "corrupt", []),
            new RejectedOutcome(Event, RejectionKind.SourceMissing, "gone", []),
        ];

        var response = await OutcomeResponses.ForOutcomesAsync(CreateRequest(), outcomes, ClientError, CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task ForOutcomesAsync_MissingAndInvalidByDefault_Acknowledged200WithBothInTheBody()
    {
        IReadOnlyList<ExpansionOutcome> outcomes =
        [
            new RejectedOutcome(Event, RejectionKind.InvalidArchive, "corrupt", []),
            new RejectedOutcome(Event, RejectionKind.SourceMissing, "gone", []),
        ];

        var response = await OutcomeResponses.ForOutcomesAsync(CreateRequest(), outcomes, Acknowledge, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(BodyOf(response).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("kind").GetString()), Is.EqualTo(BothKinds));
        }
    }

    [Test]
    public async Task MalformedAsync_Problem_Returns400WithIt()
    {
        var response = await OutcomeResponses.MalformedAsync(CreateRequest(), "data.oss.object.key is required.", CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(BodyOf(response).GetProperty("reason").GetString(), Is.EqualTo("data.oss.object.key is required."));
        }
    }
}
