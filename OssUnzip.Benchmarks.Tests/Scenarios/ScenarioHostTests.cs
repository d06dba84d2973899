using OssUnzip.Benchmarks.Scenarios;

namespace OssUnzip.Benchmarks.Tests.Scenarios;

public sealed class ScenarioHostTests
{
    [TestCase(16, 0)]
    [TestCase(16, 16)]
    public void DescribeUploadConcurrency_ControllerOff_SaysFixed(int upload, int max)
    {
        var text = ScenarioHost.DescribeUploadConcurrency(upload, max);

        Assert.That(text, Is.EqualTo($"UploadConcurrency {upload} (fixed)"));
    }

    [Test]
    public void DescribeUploadConcurrency_MaxAboveStart_SaysHowFarItMayRise()
    {
        var text = ScenarioHost.DescribeUploadConcurrency(16, 64);

        Assert.That(text, Is.EqualTo("UploadConcurrency 16 (up to 64 while throughput rises)"));
    }
}
