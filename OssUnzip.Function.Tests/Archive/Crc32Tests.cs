using System.Text;
using OssUnzip.Function.Archive;

namespace OssUnzip.Function.Tests.Archive;

internal sealed class Crc32Tests
{
    [TestCase("", 0x00000000u)]
    [TestCase("a", 0xE8B7BE43u)]
    [TestCase("123456789", 0xCBF43926u)]
    [TestCase("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownVector_MatchesPublishedValue(string input, uint expected)
    {
        var actual = Crc32.Compute(Encoding.ASCII.GetBytes(input));

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Append_SplitInput_EqualsWholeInput()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");

        var chained = Crc32.Append(Crc32.Compute(data.AsSpan(0, 10)), data.AsSpan(10));

        Assert.That(chained, Is.EqualTo(Crc32.Compute(data)));
    }

    [Test]
    public void Compute_MillionZeroBytes_MatchesZlib()
    {
        // zlib.crc32(bytes(1_000_000)) in CPython, an independent implementation.
        var actual = Crc32.Compute(new byte[1_000_000]);

        Assert.That(actual, Is.EqualTo(0x1279CB9Eu));
    }
}
