using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Events;
using OssUnzip.Function.Expansion;

namespace OssUnzip.Function.Tests.Expansion;

public sealed class ObservedArchiveExpanderTests
{
    private static readonly DateTimeOffset StartedAt = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly ObjectCreatedEvent Event = new("evt-1", "ObjectCreated:PutObject", "eb-ask", "zip/a.zip", "\"e1\"", 100);

    private ServiceProvider _services = null!;
    private Mock<IArchiveExpander> _inner = null!;
    private FakeTimeProvider _clock = null!;
    private FakeLogger<ObservedArchiveExpander> _logger = null!;
    private MetricCollector<long> _archives = null!;
    private MetricCollector<double> _duration = null!;
    private MetricCollector<long> _entries = null!;
    private MetricCollector<long> _bytes = null!;

    [SetUp]
    public void SetUp()
    {
        _services = new ServiceCollection().AddMetrics().AddSingleton<OssUnzipMetrics>().BuildServiceProvider();
        _inner = new Mock<IArchiveExpander>(MockBehavior.Strict);
        _clock = new FakeTimeProvider();
        _logger = new FakeLogger<ObservedArchiveExpander>();
        var meters = _services.GetRequiredService<IMeterFactory>();
        _archives = new MetricCollector<long>(meters, OssUnzipMetrics.MeterName, "ossunzip.archives");
        _duration = new MetricCollector<double>(meters, OssUnzipMetrics.MeterName, "ossunzip.archive.duration");
        _entries = new MetricCollector<long>(meters, OssUnzipMetrics.MeterName, "ossunzip.entries");
        _bytes = new MetricCollector<long>(meters, OssUnzipMetrics.MeterName, "ossunzip.bytes");
    }

    [TearDown]
    public void TearDown()
    {
        _archives.Dispose();
        _duration.Dispose();
        _entries.Dispose();
        _bytes.Dispose();
        _services.Dispose();
        _inner.VerifyNoOtherCalls();
    }

    private ObservedArchiveExpander CreateSut() => new(_inner.Object, _services.GetRequiredService<OssUnzipMetrics>(), _clock, _logger);

    private static ExpansionReport Report() => new("eb-ask", "zip/a.zip", "\"e1\"", 100, "unzip/a/", 3, 3000, 0, [], [], [], StartedAt, 2000, 2, 3);

    [Test]
    public async Task ExpandAsync_Expanded_CountsArchiveEntriesBytesAndDuration()
    {
        _inner.Setup(e => e.ExpandAsync(Event, It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                _clock.Advance(TimeSpan.FromSeconds(2));
                await Task.Yield();
                return new ExpandedOutcome(Event, Report());
            });

        await CreateSut().ExpandAsync(Event, CancellationToken.None);

        _inner.Verify(e => e.ExpandAsync(Event, It.IsAny<CancellationToken>()), Times.Once);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_archives.GetMeasurementSnapshot().Single().Tags["outcome"], Is.EqualTo("expanded"));
            Assert.That(_duration.GetMeasurementSnapshot().Single().Value, Is.EqualTo(2.0));
            Assert.That(_entries.GetMeasurementSnapshot().EvaluateAsCounter(), Is.EqualTo(3));
            Assert.That(_bytes.GetMeasurementSnapshot().EvaluateAsCounter(), Is.EqualTo(3000));
            Assert.That(_logger.LatestRecord.Message, Does.Contain("evt-1").And.Contain("eb-ask/zip/a.zip").And.Contain("\"e1\"").And.Contain("expanded"));
            Assert.That(_logger.LatestRecord.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s).Select(p => p.Key), Is.EquivalentTo((string[])["EventId", "Bucket", "Key", "ETag"]));
        }
    }

    [Test]
    public async Task ExpandAsync_Rejected_CountsRejectedAndNoEntries()
    {
        _inner.Setup(e => e.ExpandAsync(Event, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new RejectedOutcome(Event, RejectionKind.InvalidArchive, "bad", []));

        await CreateSut().ExpandAsync(Event, CancellationToken.None);

        _inner.Verify(e => e.ExpandAsync(Event, It.IsAny<CancellationToken>()), Times.Once);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_archives.GetMeasurementSnapshot().Single().Tags["outcome"], Is.EqualTo("rejected"));
            Assert.That(_entries.GetMeasurementSnapshot(), Is.Empty);
        }
    }

    [Test]
    public void ExpandAsync_StorageFailure_CountsFailedAndRethrowsTheSameException()
    {
        var failure = new IOException("connection reset");
        _inner.Setup(e => e.ExpandAsync(Event, It.IsAny<CancellationToken>())).ThrowsAsync(failure);

        var thrown = Assert.ThrowsAsync<IOException>(() => CreateSut().ExpandAsync(Event, CancellationToken.None));

        _inner.Verify(e => e.ExpandAsync(Event, It.IsAny<CancellationToken>()), Times.Once);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown, Is.SameAs(failure));
            Assert.That(_archives.GetMeasurementSnapshot().Single().Tags["outcome"], Is.EqualTo("failed"));
            Assert.That(_duration.GetMeasurementSnapshot().Single().Tags["outcome"], Is.EqualTo("failed"));
            Assert.That(_logger.LatestRecord.Message, Does.Contain("failed (IOException)").And.Contain("evt-1"));
            Assert.That(_logger.LatestRecord.Exception, Is.Null, "the exception is logged once, by the failure middleware");
        }
    }
}
