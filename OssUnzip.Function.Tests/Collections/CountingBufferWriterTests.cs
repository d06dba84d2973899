using System.Text.Json;
using OssUnzip.Function.Collections;

namespace OssUnzip.Function.Tests.Collections;

public sealed class CountingBufferWriterTests
{
    [Test]
    public void Count_AfterJsonWriter_EqualsTheSerializedLength()
    {
        var value = new { Name = new string('é', 10_000), Items = Enumerable.Range(0, 1000).ToArray() };
        var counter = new CountingBufferWriter();

        using (var writer = new Utf8JsonWriter(counter))
        {
            JsonSerializer.Serialize(writer, value);
        }

        Assert.That(counter.Count, Is.EqualTo(JsonSerializer.SerializeToUtf8Bytes(value).Length));
    }

    [Test]
    public void GetSpan_HintLargerThanScratch_ReturnsAtLeastTheHint()
    {
        var counter = new CountingBufferWriter();

        Assert.That(counter.GetSpan(100_000).Length, Is.GreaterThanOrEqualTo(100_000));
        Assert.That(counter.GetMemory().Length, Is.GreaterThan(0));
    }

    [Test]
    public void Advance_Negative_Throws()
    {
        Assert.That(() => new CountingBufferWriter().Advance(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
