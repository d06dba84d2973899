using System.Text.Json.Nodes;
using OssUnzip.Function.Events;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Events;

/// <summary>
/// eventbridge/sample-event.json is the body the README tells a newcomer to POST to the local stack:
/// read by the product's own parser, so the committed file cannot drift from what the endpoint accepts.
/// </summary>
public sealed class SampleEventFileTests
{
    internal const string SamplePath = "eventbridge/sample-event.json";

    [Test]
    public void Parse_CommittedSampleEvent_IsOnePutOfZipXZipInEbAsk()
    {
        var body = File.ReadAllBytes(RepositoryRoot.Combine(SamplePath));

        var result = OssEventParser.Parse(body, binaryMode: null);

        Assert.That(result.IsValid, Is.True, result.Problem);
        var evt = result.Events.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(evt.Bucket, Is.EqualTo("eb-ask"));
            Assert.That(evt.Key, Is.EqualTo("zip/x.zip"));
            Assert.That(evt.EventType, Is.EqualTo("ObjectCreated:PutObject"));
            Assert.That(evt.ETag, Is.Not.Null.And.Not.Empty);
        }
    }

    [Test]
    public void SampleEvent_SubjectAndRecord_NameTheSameObject()
    {
        var sample = JsonNode.Parse(RepositoryRoot.ReadAllText(SamplePath))!;
        var bucket = sample["data"]!["oss"]!["bucket"]!["name"]!.GetValue<string>();
        var key = sample["data"]!["oss"]!["object"]!["key"]!.GetValue<string>();

        Assert.That(sample["subject"]!.GetValue<string>(), Does.EndWith($":{bucket}/{key}"));
    }

    [Test]
    public void Readme_CurlLine_PostsTheCommittedSample()
    {
        Assert.That(RepositoryRoot.ReadAllText("README.md"), Does.Contain($"--data @{SamplePath}"));
    }
}
