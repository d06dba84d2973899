using OssUnzip.Function.Routing;

namespace OssUnzip.Function.Tests.Routing;

public sealed class ObjectKeyCandidatesTests
{
    private static string[] Keys(params string[] keys) => keys;

    [TestCase("zip/a.zip")]
    [TestCase("zip/a b.zip")]
    [TestCase("zip/压缩 文件.zip")]
    [TestCase("zip/한국어/日本語.zip")]
    public void For_KeyWithNothingToDecode_ReturnsOnlyTheRawKey(string key)
    {
        var candidates = ObjectKeyCandidates.For(key);

        Assert.That(candidates, Is.EqualTo(Keys(key)));
    }

    [Test]
    public void For_PercentEncodedSpace_ReturnsRawThenDecoded()
    {
        var candidates = ObjectKeyCandidates.For("zip/a%20b.zip");

        Assert.That(candidates, Is.EqualTo(Keys("zip/a%20b.zip", "zip/a b.zip")));
    }

    [Test]
    public void For_PlusSign_ReturnsRawThenFormDecoded()
    {
        var candidates = ObjectKeyCandidates.For("zip/a+b.zip");

        Assert.That(candidates, Is.EqualTo(Keys("zip/a+b.zip", "zip/a b.zip")));
    }

    [Test]
    public void For_EncodedPlusAndLiteralPlus_ReturnsRawPercentDecodedAndFormDecoded()
    {
        var candidates = ObjectKeyCandidates.For("zip/a%2Bb+c.zip");

        Assert.That(candidates, Is.EqualTo(Keys("zip/a%2Bb+c.zip", "zip/a+b+c.zip", "zip/a+b c.zip")));
    }

    [Test]
    public void For_EncodedPercent_DecodesToALiteralPercent()
    {
        var candidates = ObjectKeyCandidates.For("zip/100%25.zip");

        Assert.That(candidates, Is.EqualTo(Keys("zip/100%25.zip", "zip/100%.zip")));
    }

    [Test]
    public void For_EncodedCjk_DecodesUtf8()
    {
        var candidates = ObjectKeyCandidates.For("zip/%E5%8E%8B%E7%BC%A9%20%E6%96%87%E4%BB%B6.zip");

        Assert.That(candidates, Is.EqualTo(Keys("zip/%E5%8E%8B%E7%BC%A9%20%E6%96%87%E4%BB%B6.zip", "zip/压缩 文件.zip")));
    }

    [Test]
    public void For_EscapeAtTheVeryEnd_IsDecoded()
    {
        var candidates = ObjectKeyCandidates.For("zip/a.zi%70");

        Assert.That(candidates, Is.EqualTo(Keys("zip/a.zi%70", "zip/a.zip")));
    }

    [Test]
    public void For_LowercaseHexEscapes_AreDecoded()
    {
        var candidates = ObjectKeyCandidates.For("zip%2fa%2e.zip");

        Assert.That(candidates, Is.EqualTo(Keys("zip%2fa%2e.zip", "zip/a..zip")));
    }

    [Test]
    public void For_RawCjkMixedWithAnEscape_KeepsTheRawCharacters()
    {
        var candidates = ObjectKeyCandidates.For("zip/文件%201.zip");

        Assert.That(candidates, Is.EqualTo(Keys("zip/文件%201.zip", "zip/文件 1.zip")));
    }

    [TestCase("zip/100%.zip")]
    [TestCase("zip/50%off.zip")]
    [TestCase("zip/%zz.zip")]
    [TestCase("zip/end%2")]
    [TestCase("zip/end%")]
    [TestCase("zip/%C3%28.zip")]
    [TestCase("zip/%FF.zip")]
    public void For_InvalidEscapeOrNotUtf8_ReturnsOnlyTheRawKey(string key)
    {
        var candidates = ObjectKeyCandidates.For(key);

        Assert.That(candidates, Is.EqualTo(Keys(key)));
    }

    [Test]
    public void For_PlusWithInvalidEscape_ReturnsOnlyTheRawKey()
    {
        var candidates = ObjectKeyCandidates.For("zip/a+b%zz.zip");

        Assert.That(candidates, Is.EqualTo(Keys("zip/a+b%zz.zip")));
    }

    [Test]
    public void For_AnyKey_ReturnsTheRawKeyFirstWithoutDuplicates()
    {
        var candidates = ObjectKeyCandidates.For("zip/a%20b+c.zip");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidates[0], Is.EqualTo("zip/a%20b+c.zip"));
            Assert.That(candidates, Is.Unique);
            Assert.That(candidates, Is.EqualTo(Keys("zip/a%20b+c.zip", "zip/a b+c.zip", "zip/a b c.zip")));
        }
    }
}
