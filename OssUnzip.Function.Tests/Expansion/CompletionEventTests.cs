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
}
