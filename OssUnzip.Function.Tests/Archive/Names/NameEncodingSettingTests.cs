using OssUnzip.Function.Archive.Names;
using OssUnzip.Function.Configuration;

namespace OssUnzip.Function.Tests.Archive.Names;

internal sealed class NameEncodingSettingTests
{
    [TestCase("auto")]
    [TestCase(" AUTO ")]
    public void TryParse_Auto_ReturnsNoForcedEncoding(string value)
    {
        var parsed = NameEncodingSetting.TryParse(value, out var forced);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.True);
            Assert.That(forced, Is.Null);
        });
    }

    [TestCase("utf-8", 65001)]
    [TestCase("UTF-8", 65001)]
    [TestCase("gbk", 54936)]
    [TestCase("GB18030", 54936)]
    [TestCase(" cp437 ", 437)]
    [TestCase("ibm437", 437)]
    [TestCase("cp850", 850)]
    [TestCase("shift_jis", 932)]
    [TestCase("sjis", 932)]
    [TestCase("932", 932)]
    [TestCase("cp932", 932)]
    [TestCase("big5", 950)]
    [TestCase("cp949", 949)]
    [TestCase("ks_c_5601-1987", 949)]
    [TestCase("euc-kr", 51949)]
    [TestCase("cp866", 866)]
    [TestCase("windows-1251", 1251)]
    [TestCase("1251", 1251)]
    [TestCase("koi8-r", 20866)]
    public void TryParse_CodePageByNameOrNumber_ReturnsStrictEncoding(string value, int codePage)
    {
        var parsed = NameEncodingSetting.TryParse(value, out var forced);

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.True);
            Assert.That(forced!.CodePage, Is.EqualTo(codePage));
            Assert.That(forced.DecoderFallback, Is.SameAs(System.Text.DecoderFallback.ExceptionFallback), "decodes strictly");
        });
    }

    [Test]
    public void TryParse_KnownEncoding_IsStrict()
    {
        var parsed = NameEncodingSetting.TryParse("shift_jis", out var forced);

        Assert.That(parsed, Is.True);
        // 0x81 alone is a lead byte with no trail: a lenient decoder would answer U+FFFD or '?'.
        Assert.That(() => forced!.GetString([0x81]), Throws.InstanceOf<System.Text.DecoderFallbackException>());
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    [TestCase("utf8x")]
    [TestCase("klingon")]
    [TestCase("cp")]
    [TestCase("99999")]
    [TestCase("utf-16")]
    [TestCase("utf-32")]
    [TestCase("1200")]
    [TestCase("utf-7")]
    public void TryParse_UnknownOrNotAsciiCompatible_ReturnsFalse(string? value)
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
