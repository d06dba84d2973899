using System.Text.Json.Nodes;
using OssUnzip.Local.EventBridge;

namespace OssUnzip.Local.Tests.EventBridge;

public class EventTraceTests
{
    private static readonly OssEvent Event = new("id-1", "oss:ObjectCreated:PutObject", "eb-ask", "zip/a \"b\" 名字.zip", new JsonObject());

    [Test]
    public void Format_Delivered_ShowsStatusAndAttempts()
    {
        var line = EventTrace.Format(Event, matched: true, new DeliveryResult(true, "200", 2));

        Assert.That(line, Is.EqualTo("event id=id-1 type=oss:ObjectCreated:PutObject key=\"zip/a \\\"b\\\" 名字.zip\" matched=true delivery=delivered:200 attempts=2"));
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
        var line = EventTrace.Format(Event, matched: true, new DeliveryResult(false, "503", 4));

        Assert.That(line, Does.EndWith("matched=true delivery=failed:503 attempts=4"));
    }
}
