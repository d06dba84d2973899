using OssUnzip.Function.Security;

namespace OssUnzip.Function.Tests.Security;

public sealed class CertificateHostPatternTests
{
    [TestCase("cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com", true)]
    [TestCase("CN-Shanghai-EventBridge.oss-accelerate.aliyuncs.com", true)]
    [TestCase("eventbridge.oss-accelerate.aliyuncs.com", false)]
    [TestCase("a.b-eventbridge.oss-accelerate.aliyuncs.com", false)]
    [TestCase("cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com.evil.com", false)]
    [TestCase("x-eventbridge.oss-accelerateXaliyuncs.com", false)]
    public void Matches_DefaultPattern_OneRegionLabelOnly(string host, bool expected) =>
        Assert.That(CertificateHostPattern.Matches(AuthOptions.DefaultCertificateHostPattern, host), Is.EqualTo(expected));

    [Test]
    public void Matches_PinnedRegion_OtherRegionsRefused()
    {
        const string pinned = "cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(CertificateHostPattern.Matches(pinned, "cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com"), Is.True);
            Assert.That(CertificateHostPattern.Matches(pinned, "cn-beijing-eventbridge.oss-accelerate.aliyuncs.com"), Is.False);
        }
    }

    [TestCase(AuthOptions.DefaultCertificateHostPattern, true)]
    [TestCase("cn-hangzhou-eventbridge.oss-accelerate.aliyuncs.com", true)]
    [TestCase("{regionId}-{regionId}.example.com", false)]
    [TestCase("https://x.example.com", false)]
    [TestCase("", false)]
    public void IsValid_Pattern_Expected(string pattern, bool expected) =>
        Assert.That(CertificateHostPattern.IsValid(pattern), Is.EqualTo(expected));
}
