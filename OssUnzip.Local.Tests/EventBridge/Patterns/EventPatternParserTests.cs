using OssUnzip.Local.EventBridge.Patterns;

namespace OssUnzip.Local.Tests.EventBridge.Patterns;

public class EventPatternParserTests
{
    [TestCase("""[1, 2]""", "$ must be an object")]
    [TestCase("""{"source": "acs.oss"}""", "$.source must be an array")]
    [TestCase("""{"source": []}""", "$.source must not be an empty array")]
    [TestCase("""{"source": [{"wildcard": "a*"}]}""", "unknown operator 'wildcard'")]
    [TestCase("""{"source": [{"prefix": 1}]}""", "$.source[0].prefix must be a string")]
    [TestCase("""{"n": [{"numeric": [">", 1, ">", 2]}]}""", "must pair a lower bound")]
    [TestCase("""{"n": [{"numeric": ["~", 1]}]}""", "must be one of = > >= < <=")]
    [TestCase("""{"n": [{"numeric": [">", 1, "<"]}]}""", "[op, number] or [op, number, op, number]")]
    [TestCase("""{"ip": [{"cidr": "10.0.0.0/33"}]}""", "IPv4 CIDR block")]
    [TestCase("""{"ip": [{"cidr": "::1/128"}]}""", "IPv4 CIDR block")]
    [TestCase("""{"e": [{"exists": "yes"}]}""", "must be true or false")]
    [TestCase("""{"a": [{"anything-but": []}]}""", "anything-but must be a value")]
    [TestCase("""{"a": [{"prefix": "x", "suffix": "y"}]}""", "exactly one operator")]
    [TestCase("""not json""", "not valid JSON")]
    public void Parse_InvalidPattern_ThrowsNamingTheProblem(string pattern, string expectedMessagePart)
    {
        var error = Assert.Throws<EventPatternException>(() => EventPattern.Parse(pattern));

        Assert.That(error!.Message, Does.Contain(expectedMessagePart));
    }

    [Test]
    public void Parse_SeveralProblems_ListsEveryOne()
    {
        var error = Assert.Throws<EventPatternException>(() => EventPattern.Parse("""{"a": [], "b": [{"exists": 1}]}"""));

        Assert.That(error!.Message, Does.Contain("$.a must not be an empty array").And.Contain("$.b[0].exists must be true or false"));
    }
}
