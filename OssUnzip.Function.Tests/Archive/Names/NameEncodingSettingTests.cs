using OssUnzip.Function.Archive.Names;

namespace OssUnzip.Function.Tests.Archive.Names;

internal sealed class NameEncodingSettingTests
{
    [TestCase("auto", NameEncodingMode.Auto)]
    [TestCase("utf-8", NameEncodingMode.Utf8)]
    [TestCase("UTF-8", NameEncodingMode.Utf8)]
    [TestCase("gbk", NameEncodingMode.Gb18030)]
    [TestCase("GB18030", NameEncodingMode.Gb18030)]
    [TestCase(" cp437 ", NameEncodingMode.Cp437)]
    public void TryParse_AcceptedValue_ReturnsMode(string value, NameEncodingMode expected)
    {
        var parsed = NameEncodingSetting.TryParse(value, out var mode);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.True);
            Assert.That(mode, Is.EqualTo(expected));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    [TestCase("utf8")]
    [TestCase("latin1")]
    [TestCase("big5")]
    [TestCase("shift_jis")]
    public void TryParse_UnknownValue_ReturnsFalse(string? value)
    {
        var parsed = NameEncodingSetting.TryParse(value, out _);

        Assert.That(parsed, Is.False);
    }

    [Test]
    public void Key_IsTheDocumentedSettingName()
    {
        Assert.That(NameEncodingSetting.Key, Is.EqualTo("Archive:NameEncoding"));
    }
}
