using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Diagnostics;
using OssUnzip.Function.Expansion;
using OssUnzip.Function.Tests.Infrastructure;
using OssUnzip.Testing;

namespace OssUnzip.Function.Tests.Diagnostics;

/// <summary>The app's metrics through the OpenTelemetry SDK (in-memory exporter) for real expansions on s3rver.</summary>
[Category("Integration")]
public sealed class ExpansionMetricsIntegrationTests() : S3rverFixture(Bucket)
{
    private const string Bucket = "metrics";

    private ExpanderHost CreateExportingHost(List<Metric> exported, IDictionary<string, string?>? settings = null) =>
        CreateHost(Bucket, settings, configureServices: s => s.AddOpenTelemetry().WithMetrics(m => m.AddMeter(OssUnzipMetrics.MeterName).AddInMemoryExporter(exported)));

    private static Dictionary<string, List<MetricPoint>> Collect(ExpanderHost host, List<Metric> exported)
    {
        exported.Clear();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var points = new Dictionary<string, List<MetricPoint>>();
        foreach (var metric in exported)
        {
            var list = points.TryGetValue(metric.Name, out var existing) ? existing : points[metric.Name] = [];
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                list.Add(point);
            }
        }

        return points;
    }

    private static string? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    [Test]
    public async Task ExpandAsync_Success_RecordsExpandedArchiveEntriesBytesAndDuration()
    {
        var key = $"zip/ok-{Guid.NewGuid():N}.zip";
        var zip = new ZipBuilder().File("a.txt", TestData.Text(3000, 1)).File("b/c.bin", TestData.Random(5000, 2));
        await TestData.PutAsync(Client, Bucket, key, zip.Build());
        var exported = new List<Metric>();
        await using var host = CreateExportingHost(exported);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(Bucket, key), CancellationToken.None);

        var points = Collect(host, exported);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.TypeOf<ExpandedOutcome>());
            var archive = points["ossunzip.archives"].Single();
            Assert.That(Tag(archive, "outcome"), Is.EqualTo("expanded"));
            Assert.That(archive.GetSumLong(), Is.EqualTo(1));
            Assert.That(points["ossunzip.entries"].Single().GetSumLong(), Is.EqualTo(2));
            Assert.That(points["ossunzip.bytes"].Single().GetSumLong(), Is.EqualTo(8000));
            Assert.That(points["ossunzip.archive.duration"].Single().GetHistogramCount(), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task ExpandAsync_CorruptArchive_RecordsRejectedAndNoEntries()
    {
        var key = $"zip/corrupt-{Guid.NewGuid():N}.zip";
        await TestData.PutAsync(Client, Bucket, key, TestData.Random(10_000, 3));
        var exported = new List<Metric>();
        await using var host = CreateExportingHost(exported);

        var outcome = await host.Expander.ExpandAsync(ExpanderHost.PutEvent(Bucket, key), CancellationToken.None);

        var points = Collect(host, exported);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.TypeOf<RejectedOutcome>());
            Assert.That(Tag(points["ossunzip.archives"].Single(), "outcome"), Is.EqualTo("rejected"));
            Assert.That(points.ContainsKey("ossunzip.entries"), Is.False);
        }
    }

    [Test]
    public async Task ExpandAsync_StorageUnreachable_RecordsFailedAndRethrows()
    {
        var exported = new List<Metric>();
        var settings = new Dictionary<string, string?> { ["Storage:ServiceUrl"] = "http://127.0.0.1:1", ["Storage:MaxErrorRetry"] = "0" };
        await using var host = CreateExportingHost(exported, settings);

        Assert.That(
            async () => await host.Expander.ExpandAsync(ExpanderHost.PutEvent(Bucket, "zip/any.zip"), CancellationToken.None),
            Throws.InstanceOf<Exception>());

        var points = Collect(host, exported);
        Assert.That(Tag(points["ossunzip.archives"].Single(), "outcome"), Is.EqualTo("failed"));
    }
}
