using OssUnzip.Local.EventBridge;

namespace OssUnzip.Local.Tests.EventBridge;

public class DeliveryOptionsTests
{
    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(3, 4)]
    [TestCase(4, 8)]
    [TestCase(5, 8)]
    [TestCase(60, 8)]
    public void DelayBefore_Retry_DoublesUpToTheCap(int retry, int expectedSeconds)
    {
        var sut = new DeliveryOptions();

        var delay = sut.DelayBefore(retry);

        Assert.That(delay, Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [Test]
    public void DelayBefore_RetryZero_Throws()
    {
        var sut = new DeliveryOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => sut.DelayBefore(0));
    }
}
