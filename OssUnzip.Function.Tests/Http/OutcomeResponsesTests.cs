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

    [TestCase(FailureKind.Transient, HttpStatusCode.ServiceUnavailable, "failed", true)]
    [TestCase(FailureKind.AccessDenied, HttpStatusCode.Forbidden, "access-denied", false)]
    [TestCase(FailureKind.SourceChanged, HttpStatusCode.Conflict, "source-changed", false)]
    [TestCase(FailureKind.SourceMissing, HttpStatusCode.NotFound, "source-missing", false)]
    [TestCase(FailureKind.Unexpected, HttpStatusCode.InternalServerError, "error", false)]
    public async Task FailureAsync_Kind_MapsToStatusAndRetryable(FailureKind kind, HttpStatusCode status, string code, bool retryable)
    {
        var response = await OutcomeResponses.FailureAsync(CreateRequest(), kind, "why", CancellationToken.None);

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
        var response = await OutcomeResponses.ForOutcomesAsync(CreateRequest(), [new IgnoredOutcome(Event, "a"), new IgnoredOutcome(Event, "b")], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(BodyOf(response).GetProperty("results").GetArrayLength(), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task ForOutcomesAsync_MissingAndInvalid_TheHigherStatusWins()
    {
        IReadOnlyList<ExpansionOutcome> outcomes =
        [
            new RejectedOutcome(Event, RejectionKind.InvalidArchive, "corrupt", []),
            new RejectedOutcome(Event, RejectionKind.SourceMissing, "gone", []),
        ];

        var response = await OutcomeResponses.ForOutcomesAsync(CreateRequest(), outcomes, CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
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
