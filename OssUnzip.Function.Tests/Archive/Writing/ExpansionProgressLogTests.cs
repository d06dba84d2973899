using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using OssUnzip.Function.Archive.Writing;
using OssUnzip.Function.Diagnostics;

namespace OssUnzip.Function.Tests.Archive.Writing;

public sealed class ExpansionProgressLogTests
{
    private FakeTimeProvider _clock = null!;
    private FakeLogger _logger = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider();
        _logger = new FakeLogger();
    }

    private ExpansionProgressLog CreateSut() => new(_logger, _clock, "evt-9", "eb-ask", "zip/big.zip", "\"etag-9\"");

    [Test]
    public void Report_BeforeTheFirstInterval_LogsNothing()
    {
        var sut = CreateSut();

        _clock.Advance(ExpansionProgressLog.Interval - TimeSpan.FromMilliseconds(1));
        sut.Report(new WriteProgress(10, 1000));

        Assert.That(_logger.Collector.Count, Is.Zero);
    }

    [Test]
    public void Report_ManyWithinOneInterval_LogsOneLineWithEveryIdentifier()
    {
        var sut = CreateSut();

        _clock.Advance(ExpansionProgressLog.Interval);
        sut.Report(new WriteProgress(10, 1000));
        sut.Report(new WriteProgress(11, 1100));
        _clock.Advance(ExpansionProgressLog.Interval / 2);
        sut.Report(new WriteProgress(12, 1200));

        var line = _logger.Collector.GetSnapshot().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(line.Id.Id, Is.EqualTo(1200));
            Assert.That(line.Message, Does.Contain("evt-9").And.Contain("eb-ask/zip/big.zip").And.Contain("\"etag-9\""));
            Assert.That(line.Message, Does.Contain("10 objects").And.Contain("1000 bytes"));
        }
    }

    [Test]
    public void Report_AcrossIntervals_LogsOncePerInterval()
    {
        var sut = CreateSut();

        for (var i = 1; i <= 3; i++)
        {
            _clock.Advance(ExpansionProgressLog.Interval);
            sut.Report(new WriteProgress(i, i * 100));
            sut.Report(new WriteProgress(i, i * 100));
        }

        Assert.That(_logger.Collector.Count, Is.EqualTo(3));
    }
}
