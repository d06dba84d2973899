using System.Text;
using System.Text.Json.Nodes;
using OssUnzip.Function.Expansion.Jobs;

namespace OssUnzip.Function.Tests.Expansion.Jobs;

public sealed class TargetSweepRecordTests
{
    private static readonly string[] Fields = ["jobId", "objects", "headRequests", "sweptAt"];

    private static TargetSweepRecord CreateSut() => new("j0123456789abcdef01234567", 1_000_000, 1_000_000, new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

    [Test]
    public void ToUtf8Json_Record_ParsesBackEqual()
    {
        var sut = CreateSut();

        var parsed = TargetSweepRecord.TryParse(sut.ToUtf8Json());

        Assert.That(parsed, Is.EqualTo(sut));
    }

    [Test]
    public void ToUtf8Json_Record_HasExactlyTheCamelCaseFields()
    {
        var json = JsonNode.Parse(CreateSut().ToUtf8Json())!.AsObject();

        Assert.That(json.Select(p => p.Key), Is.EquivalentTo(Fields));
        Assert.That(json["objects"]!.GetValue<int>(), Is.EqualTo(1_000_000));
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("{\"objects\":\"many\"}")]
    public void TryParse_NotARecord_ReturnsNull(string text)
    {
        var parsed = TargetSweepRecord.TryParse(Encoding.UTF8.GetBytes(text));

        Assert.That(parsed, Is.Null);
    }
}
