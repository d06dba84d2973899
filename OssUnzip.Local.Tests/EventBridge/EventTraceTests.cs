using System.Text.Json.Nodes;
using OssUnzip.Local.EventBridge;

namespace OssUnzip.Local.Tests.EventBridge;

public class EventTraceTests
{
    private static readonly OssEvent Event = new("id-1", "oss:ObjectCreated:PutObject", "eb-ask", "zip/a \"b\" 名字.zip", new JsonObject());

    [Test]
    public void Format_Delivered_ShowsStatusAttemptsAndEachAttemptsWait()
    {
        var line = EventTrace.Format(Event, matched: true, new DeliveryResult(true, "200", [TimeSpan.FromMilliseconds(3000.4), TimeSpan.FromMilliseconds(412.9)]));

        Assert.That(line, Is.EqualTo("event id=id-1 type=oss:ObjectCreated:PutObject key=\"zip/a \\\"b\\\" 名字.zip\" matched=true delivery=delivered:200 attempts=2 attempt_ms=3000,412"));
    }

    [Test]
    public void Format_NotMatched_IsSkippedWithNoAttempts()
    {
        var line = EventTrace.Format(Event, matched: false, delivery: null);

        Assert.That(line, Does.EndWith("matched=false delivery=skipped attempts=0"));
    }

    [Test]
    public void Format_Failed_ShowsLastStatus()
    {
        var line = EventTrace.Format(Event, matched: true, new DeliveryResult(false, "503", [.. Enumerable.Repeat(TimeSpan.FromMilliseconds(7), 4)]));

        Assert.That(line, Does.EndWith("matched=true delivery=failed:503 attempts=4 attempt_ms=7,7,7,7"));
    }

    [Test]
    public void Format_CancelledBeforeAnyAttempt_HasNoAttemptWaits()
    {
        var line = EventTrace.Format(Event, matched: true, new DeliveryResult(false, "cancelled", []));

        Assert.That(line, Does.EndWith("matched=true delivery=failed:cancelled attempts=0"));
    }
}
