using System.Net;
using Microsoft.Extensions.Time.Testing;
using OssUnzip.Local.EventBridge;

namespace OssUnzip.Local.Tests.EventBridge;

public class EventDeliveryTests
{
    private static readonly Uri Target = new("http://127.0.0.1:9/api/unzip");

    [Test]
    public async Task DeliverAsync_FirstAttemptSucceeds_PostsOnceWithToken()
    {
        var handler = new ScriptedHandler(HttpStatusCode.OK);
        using var client = new HttpClient(handler);
        var sut = CreateSut(client, token: "t0k");

        var result = await sut.DeliverAsync("""{"id":"1"}"""u8.ToArray(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result.Delivered, result.Status, result.Attempts), Is.EqualTo((true, "200", 1)));
            Assert.That(handler.Requests, Has.Count.EqualTo(1));
            Assert.That(handler.Requests[0].Method, Is.EqualTo("POST"));
            Assert.That(handler.Requests[0].Token, Is.EqualTo("t0k"));
            Assert.That(handler.Requests[0].ContentType, Does.StartWith("application/json"));
            Assert.That(handler.Requests[0].Body, Is.EqualTo("""{"id":"1"}"""));
        });
    }

    [Test]
    public async Task DeliverAsync_TransientFailuresThenSuccess_Retries()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        using var client = new HttpClient(handler);
        var sut = CreateSut(client, token: null);

        var result = await sut.DeliverAsync("{}"u8.ToArray(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result.Delivered, result.Status, result.Attempts), Is.EqualTo((true, "200", 3)));
            Assert.That(handler.Requests.Select(r => r.Token), Is.All.Null);
        });
    }

    [Test]
    public async Task DeliverAsync_AlwaysFailing_StopsAfterMaxRetries()
    {
        var handler = new ScriptedHandler(HttpStatusCode.BadRequest);
        using var client = new HttpClient(handler);
        var sut = CreateSut(client, token: "t");

        var result = await sut.DeliverAsync("{}"u8.ToArray(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result.Delivered, result.Status, result.Attempts), Is.EqualTo((false, "400", 4)));
            Assert.That(handler.Requests, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public async Task DeliverAsync_ConnectionRefused_ReportsTheError()
    {
        var handler = new ScriptedHandler();
        using var client = new HttpClient(handler);
        var sut = CreateSut(client, token: "t");

        var result = await sut.DeliverAsync("{}"u8.ToArray(), CancellationToken.None);

        Assert.That((result.Delivered, result.Status, result.Attempts), Is.EqualTo((false, "error:ConnectionError", 4)));
    }

    [Test]
    public async Task DeliverAsync_SlowAnswers_ReportsHowLongEachAttemptWaited()
    {
        var clock = new FakeTimeProvider();
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.Accepted)
        {
            OnRequest = count => clock.Advance(TimeSpan.FromMilliseconds(count == 1 ? 2500 : 412)),
        };
        using var client = new HttpClient(handler);
        var sut = CreateSut(client, token: null, clock);

        var result = await sut.DeliverAsync("{}"u8.ToArray(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((result.Delivered, result.Status, result.Attempts), Is.EqualTo((true, "202", 2)));
            Assert.That(result.AttemptDurations, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(2500), TimeSpan.FromMilliseconds(412) }));
        });
    }

    private static EventDelivery CreateSut(HttpClient client, string? token, TimeProvider? clock = null) =>
        new(client, Target, token, new DeliveryOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero }, clock ?? TimeProvider.System);

    private sealed record SeenRequest(string Method, string? Token, string? ContentType, string Body);

    /// <summary>Answers with the scripted statuses in order (the last repeats); no statuses means connection refused.</summary>
    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        /// <summary>Runs with the count of requests so far before each answer (e.g. to move a fake clock).</summary>
        public Action<int>? OnRequest { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var token = request.Headers.TryGetValues(EventDelivery.TokenHeader, out var values) ? values.Single() : null;
            Requests.Add(new SeenRequest(request.Method.Method, token, request.Content?.Headers.ContentType?.ToString(), body));
            OnRequest?.Invoke(Requests.Count);
            if (statuses.Length == 0)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");
            }

            return new HttpResponseMessage(statuses[Math.Min(Requests.Count, statuses.Length) - 1]);
        }
    }
}
