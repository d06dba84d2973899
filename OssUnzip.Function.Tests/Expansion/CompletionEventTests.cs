using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Tests.Expansion;

public sealed class CompletionEventTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);

    [Test]
    public void For_RejectedUnderAnotherSpellingOfTheKey_SubjectAndDataUseTheKeyAsFound()
    {
        var evt = new ObjectCreatedEvent("evt-1", "ObjectCreated:PutObject", "eb-ask", "zip/my+photos%202026.zip", null, null);
        var outcome = new RejectedOutcome(evt, RejectionKind.InvalidArchive, "corrupt", []) { Key = "zip/my photos 2026.zip" };

        var completion = CompletionEvent.For(outcome, "ossunzip", Time)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(completion["subject"]!.GetValue<string>(), Is.EqualTo("eb-ask/zip/my photos 2026.zip"));
            Assert.That(completion["data"]!["key"]!.GetValue<string>(), Is.EqualTo("zip/my photos 2026.zip"));
        }
    }

    [Test]
    public void For_SourceMissing_SubjectAndDataUseTheEventsSpelling()
    {
        var evt = new ObjectCreatedEvent("evt-2", "ObjectCreated:PutObject", "eb-ask", "zip/gone%20now.zip", null, null);
        var outcome = new RejectedOutcome(evt, RejectionKind.SourceMissing, "gone", []);

        var completion = CompletionEvent.For(outcome, "ossunzip", Time)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(completion["subject"]!.GetValue<string>(), Is.EqualTo("eb-ask/zip/gone%20now.zip"));
            Assert.That(completion["data"]!["key"]!.GetValue<string>(), Is.EqualTo("zip/gone%20now.zip"));
        }
    }

    [Test]
    public void Create_Rejected_EncodesAStructuredCloudEventTheSdkReadsBack()
    {
        var evt = new ObjectCreatedEvent("evt-3", "ObjectCreated:PutObject", "eb-ask", "zip/x.zip", null, null);
        var outcome = new RejectedOutcome(evt, RejectionKind.InvalidArchive, "corrupt", []);

        var body = CompletionEvent.Encode(CompletionEvent.Create(outcome, "ossunzip", Time)!, out var contentType);
        var decoded = new JsonEventFormatter().DecodeStructuredModeMessage(body, contentType, extensionAttributes: null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(contentType.MediaType, Is.EqualTo("application/cloudevents+json"));
            Assert.That(decoded.SpecVersion, Is.EqualTo(CloudEventsSpecVersion.V1_0));
            Assert.That(decoded.Type, Is.EqualTo(CompletionEvent.FailedType));
            Assert.That(decoded.Source, Is.EqualTo(new Uri("ossunzip", UriKind.Relative)));
            Assert.That(decoded.Subject, Is.EqualTo("eb-ask/zip/x.zip"));
            Assert.That(decoded.Time, Is.EqualTo(Time));
            Assert.That(decoded.DataContentType, Is.EqualTo("application/json"));
            Assert.That(decoded[CompletionEvent.TriggerIdAttribute], Is.EqualTo("evt-3"));
            Assert.That(((JsonElement)decoded.Data!).GetProperty("key").GetString(), Is.EqualTo("zip/x.zip"));
        }
    }

    [Test]
    public void Create_OutcomeThatIsNotAnEnd_ReturnsNull()
    {
        var evt = new ObjectCreatedEvent("evt-4", "ObjectRemoved:DeleteObject", "eb-ask", "zip/x.zip", null, null);

        var completion = CompletionEvent.Create(new IgnoredOutcome(evt, "not an object-created event"), "ossunzip", Time);

        Assert.That(completion, Is.Null);
    }
}
