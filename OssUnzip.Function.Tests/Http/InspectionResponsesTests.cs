using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Http;
using OssUnzip.Function.Tests.Infrastructure;

namespace OssUnzip.Function.Tests.Http;

public sealed class InspectionResponsesTests
{
    private static readonly string[] Identity = ["status", "bucket", "key", "eTag", "size", "rule", "getRequests"];
    private static readonly string[] StatusAndReason = ["status", "reason"];

    private static FakeHttpRequestData CreateRequest() => new(new FakeFunctionContext(), []);

    private static JsonElement BodyOf(HttpResponseData response) => JsonDocument.Parse(((FakeHttpResponseData)response).BodyText()).RootElement;

    private static string[] NamesOf(JsonElement body) => [.. body.EnumerateObject().Select(p => p.Name)];

    private static InspectionOutcome Outcome(InspectionStatus status) => new(status, "why")
    {
        Bucket = "b",
        Key = "zip/a.zip",
        ETag = "\"e\"",
        Size = 1234,
        Rule = "default",
        Format = "tar+gzip",
        OutputBucket = "b",
        OutputFolder = "unzip/a/",
        TotalEntries = 7,
        NextCursor = 3,
        RejectionCode = "limit-exceeded",
        RejectedEntries = ["big.bin"],
        GetRequests = 2,
    };

    [Test]
    public async Task BadQueryAsync_Problem_Returns400WithStatusAndReasonOnly()
    {
        var response = await InspectionResponses.BadQueryAsync(CreateRequest(), "limit 1 to 1000", CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(NamesOf(body), Is.EqualTo(StatusAndReason));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("malformed"));
            Assert.That(body.GetProperty("reason").GetString(), Is.EqualTo("limit 1 to 1000"));
        }
    }

    [TestCase(InspectionStatus.BucketNotAllowed, HttpStatusCode.Forbidden, "bucket-not-allowed")]
    [TestCase(InspectionStatus.NotAnArchive, HttpStatusCode.NotFound, "not-an-archive")]
    [TestCase(InspectionStatus.Missing, HttpStatusCode.NotFound, "source-missing")]
    public async Task ForOutcomeAsync_NoArchiveToDescribe_ReturnsStatusAndReasonOnly(InspectionStatus status, HttpStatusCode code, string text)
    {
        var response = await InspectionResponses.ForOutcomeAsync(CreateRequest(), Outcome(status), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(code));
            Assert.That(NamesOf(body), Is.EqualTo(StatusAndReason));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo(text));
        }
    }

    [Test]
    public async Task ForOutcomeAsync_Rejected_Returns200WithIdentityCodeAndRejectedEntries()
    {
        var response = await InspectionResponses.ForOutcomeAsync(CreateRequest(), Outcome(InspectionStatus.Rejected), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(NamesOf(body), Is.EquivalentTo(Identity.Concat(["code", "reason", "entries"])));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("rejected"));
            Assert.That(body.GetProperty("size").GetInt64(), Is.EqualTo(1234));
            Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("limit-exceeded"));
            Assert.That(body.GetProperty("entries")[0].GetString(), Is.EqualTo("big.bin"));
            Assert.That(body.GetProperty("getRequests").GetInt32(), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task ForOutcomeAsync_NoDirectory_Returns422WithIdentityAndFormat()
    {
        var response = await InspectionResponses.ForOutcomeAsync(CreateRequest(), Outcome(InspectionStatus.NoDirectory), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableContent));
            Assert.That(NamesOf(body), Is.EquivalentTo(Identity.Concat(["format", "reason"])));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("no-directory"));
            Assert.That(body.GetProperty("format").GetString(), Is.EqualTo("tar+gzip"));
        }
    }

    [Test]
    public async Task ForOutcomeAsync_Inspected_Returns200WithIdentityOutputAndPage()
    {
        var response = await InspectionResponses.ForOutcomeAsync(CreateRequest(), Outcome(InspectionStatus.Inspected), CancellationToken.None);

        var body = BodyOf(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(NamesOf(body), Is.EquivalentTo(Identity.Concat(["outputBucket", "outputFolder", "totalEntries", "nextCursor", "entries"])));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("inspected"));
            Assert.That(body.GetProperty("nextCursor").GetString(), Is.EqualTo("3"));
            Assert.That(body.GetProperty("totalEntries").GetInt32(), Is.EqualTo(7));
            Assert.That(body.GetProperty("entries").GetArrayLength(), Is.Zero);
        }
    }
}
