using System.Text.Json;
using OssUnzip.Local.EventBridge.Patterns;
using OssUnzip.Testing;

namespace OssUnzip.Local.Tests.EventBridge.Patterns;

public class EventPatternTests
{
    private const string Event = """
        {
          "source": "acs.oss",
          "type": "oss:ObjectCreated:PutObject",
          "subject": "acs:oss:cn-hangzhou:1000000000000001:eb-ask/zip/a.zip",
          "count": 5,
          "ratio": 0.5,
          "flag": true,
          "nothing": null,
          "empty": "",
          "tags": ["blue", "green"],
          "numbers": [1, 20],
          "data": {
            "requestParameters": { "sourceIPAddress": "10.0.0.17" },
            "oss": { "bucket": { "name": "eb-ask" }, "object": { "key": "zip/a.zip", "size": 1024 } }
          }
        }
        """;

    private static IEnumerable<TestCaseData> OperatorCases()
    {
        // Exact values, OR within the array, AND across keys, case-sensitive.
        yield return Case("""{"source": ["acs.oss"]}""", true, "exact string");
        yield return Case("""{"source": ["ACS.OSS"]}""", false, "exact string is case-sensitive");
        yield return Case("""{"source": ["acs.mns", "acs.oss"]}""", true, "any entry of the array");
        yield return Case("""{"source": ["acs.oss"], "type": ["oss:ObjectRemoved:DeleteObject"]}""", false, "every key must match");
        yield return Case("""{"count": [5]}""", true, "exact number");
        yield return Case("""{"count": [5.0]}""", true, "exact number, other notation");
        yield return Case("""{"count": ["5"]}""", false, "a string is not a number");
        yield return Case("""{"flag": [true]}""", true, "exact boolean");
        yield return Case("""{"flag": [false]}""", false, "other boolean");
        yield return Case("""{"nothing": [null]}""", true, "null matches a null value");
        yield return Case("""{"missing": [null]}""", false, "null does not match an absent field");
        yield return Case("""{"empty": [""]}""", true, "empty string matches an empty string");
        yield return Case("""{"source": [""]}""", false, "empty string does not match a non-empty one");

        // prefix / suffix / contains.
        yield return Case("""{"source": [{"prefix": "acs."}]}""", true, "prefix");
        yield return Case("""{"source": [{"prefix": "ACS."}]}""", false, "prefix is case-sensitive");
        yield return Case("""{"count": [{"prefix": "5"}]}""", false, "prefix on a number");
        yield return Case("""{"subject": [{"suffix": ".zip"}]}""", true, "suffix");
        yield return Case("""{"subject": [{"suffix": ".ZIP"}]}""", false, "suffix is case-sensitive");
        yield return Case("""{"type": [{"contains": "Created"}]}""", true, "contains");
        yield return Case("""{"type": [{"contains": "Removed"}]}""", false, "contains, absent part");

        // anything-but: value, list, prefix.
        yield return Case("""{"source": [{"anything-but": "acs.mns"}]}""", true, "anything-but other value");
        yield return Case("""{"source": [{"anything-but": "acs.oss"}]}""", false, "anything-but the value");
        yield return Case("""{"count": [{"anything-but": 6}]}""", true, "anything-but other number");
        yield return Case("""{"count": [{"anything-but": 5}]}""", false, "anything-but the number");
        yield return Case("""{"source": [{"anything-but": ["acs.mns", "acs.fc"]}]}""", true, "anything-but a list without it");
        yield return Case("""{"source": [{"anything-but": ["acs.mns", "acs.oss"]}]}""", false, "anything-but a list with it");
        yield return Case("""{"source": [{"anything-but": {"prefix": "acs.m"}}]}""", true, "anything-but other prefix");
        yield return Case("""{"source": [{"anything-but": {"prefix": "acs."}}]}""", false, "anything-but the prefix");
        yield return Case("""{"missing": [{"anything-but": "x"}]}""", false, "anything-but needs the field");

        // numeric.
        yield return Case("""{"count": [{"numeric": [">", 0, "<=", 5]}]}""", true, "numeric range, upper bound inclusive");
        yield return Case("""{"count": [{"numeric": [">", 0, "<", 5]}]}""", false, "numeric range, upper bound exclusive");
        yield return Case("""{"count": [{"numeric": ["=", 5]}]}""", true, "numeric equals");
        yield return Case("""{"count": [{"numeric": [">=", 6]}]}""", false, "numeric lower bound");
        yield return Case("""{"ratio": [{"numeric": ["<", 1]}]}""", true, "numeric fraction");
        yield return Case("""{"source": [{"numeric": [">", 0]}]}""", false, "numeric on a string");
        yield return Case("""{"data": {"oss": {"object": {"size": [{"numeric": [">", 1000]}]}}}}""", true, "numeric nested");

        // cidr.
        yield return Case("""{"data": {"requestParameters": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}}""", true, "cidr inside");
        yield return Case("""{"data": {"requestParameters": {"sourceIPAddress": [{"cidr": "10.0.1.0/24"}]}}}""", false, "cidr outside");
        yield return Case("""{"source": [{"cidr": "10.0.0.0/8"}]}""", false, "cidr on a non-address");

        // exists.
        yield return Case("""{"source": [{"exists": true}]}""", true, "exists true, present");
        yield return Case("""{"missing": [{"exists": true}]}""", false, "exists true, absent");
        yield return Case("""{"missing": [{"exists": false}]}""", true, "exists false, absent");
        yield return Case("""{"source": [{"exists": false}]}""", false, "exists false, present");
        yield return Case("""{"nothing": [{"exists": true}]}""", true, "exists true, null value");
        yield return Case("""{"data": {"oss": {"object": {"versionId": [{"exists": false}]}}}}""", true, "exists false, nested absent");

        // Nested objects and array fields.
        yield return Case("""{"data": {"oss": {"bucket": {"name": ["eb-ask"]}}}}""", true, "nested exact");
        yield return Case("""{"data": {"oss": {"bucket": {"name": ["other"]}}}}""", false, "nested other value");
        yield return Case("""{"source": {"nested": ["x"]}}""", false, "nested pattern on a string field");
        yield return Case("""{"missing": {"nested": ["x"]}}""", false, "nested pattern on an absent field");
        yield return Case("""{"tags": ["green"]}""", true, "array field, any element");
        yield return Case("""{"tags": ["red"]}""", false, "array field, no element");
        yield return Case("""{"tags": [{"prefix": "bl"}]}""", true, "array field with an operator");
        yield return Case("""{"numbers": [{"numeric": [">", 10]}]}""", true, "array field, numeric on an element");
        yield return Case("""{"numbers": [{"numeric": [">", 30]}]}""", false, "array field, numeric on no element");
        yield return Case("""{"tags": [{"exists": true}]}""", true, "array field exists");
    }

    [TestCaseSource(nameof(OperatorCases))]
    public void Matches_OperatorTable_ReturnsExpected(string pattern, bool expected)
    {
        var sut = EventPattern.Parse(pattern);
        using var document = JsonDocument.Parse(Event);

        var matched = sut.Matches(document.RootElement);

        Assert.That(matched, Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> SeedRuleCases()
    {
        yield return new TestCaseData("oss:ObjectCreated:PutObject", "eb-ask", "zip/a.zip", true).SetName("SeedRule_ZipUnderZipPrefix_Matches");
        yield return new TestCaseData("oss:ObjectCreated:CompleteMultipartUpload", "eb-ask", "zip/big.zip", true).SetName("SeedRule_CompleteMultipartUpload_Matches");
        yield return new TestCaseData("oss:ObjectCreated:CopyObject", "eb-ask", "zip/dir/c.zip", true).SetName("SeedRule_CopyObjectInSubfolder_Matches");
        yield return new TestCaseData("oss:ObjectCreated:PutObject", "eb-ask", "unzip/a.zip", false).SetName("SeedRule_UnzipPrefix_DoesNotMatch");
        yield return new TestCaseData("oss:ObjectCreated:PutObject", "eb-ask", "zip/a.txt", false).SetName("SeedRule_NotAZip_DoesNotMatch");
        yield return new TestCaseData("oss:ObjectCreated:PutObject", "another-bucket", "zip/a.zip", false).SetName("SeedRule_AnotherBucket_DoesNotMatch");
        yield return new TestCaseData("oss:ObjectRemoved:DeleteObject", "eb-ask", "zip/a.zip", false).SetName("SeedRule_DeleteObject_DoesNotMatch");
        yield return new TestCaseData("oss:ObjectCreated:PutObject", "eb-ask", "ZIP/a.zip", false).SetName("SeedRule_UpperCasePrefix_DoesNotMatch");
    }

    [TestCaseSource(nameof(SeedRuleCases))]
    public void Matches_SeedRule_ReturnsExpected(string type, string bucket, string key, bool expected)
    {
        var sut = EventPattern.Load(RepositoryRoot.Combine("eventbridge", "event-pattern.json"));
        var cloudEvent = JsonSerializer.Serialize(new
        {
            specversion = "1.0",
            id = "7f1c1c4e-0000-4000-8000-000000000001",
            source = "acs.oss",
            type,
            subject = $"acs:oss:cn-hangzhou:1000000000000001:{bucket}/{key}",
            data = new { oss = new { bucket = new { name = bucket }, @object = new { key, size = 10 } } },
        });
        using var document = JsonDocument.Parse(cloudEvent);

        var matched = sut.Matches(document.RootElement);

        Assert.That(matched, Is.EqualTo(expected));
    }

    private static TestCaseData Case(string pattern, bool expected, string name) =>
        new TestCaseData(pattern, expected).SetArgDisplayNames(name);
}
