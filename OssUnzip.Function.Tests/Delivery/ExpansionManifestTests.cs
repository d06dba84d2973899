using System.Text;
using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Delivery;

namespace OssUnzip.Function.Tests.Delivery;

public sealed class ExpansionManifestTests
{
    private static ExpansionReport Report(List<WrittenObject> objects) => new(
        "bucket",
        "zip/报告.zip",
        "\"etag\"",
        1234,
        "unzip/报告/",
        objects.Count,
        objects.Sum(o => o.Size),
        1,
        [new EntryNote("link", "a symbolic link") { Code = EntryNoteCodes.Symlink }],
        [],
        objects,
        DateTimeOffset.UnixEpoch,
        42,
        3,
        4);

    [Test]
    public void ToUtf8JsonStream_MultiByteKeys_BufferIsExactlyTheJsonAndRoundTrips()
    {
        List<WrittenObject> objects = [new("unzip/报告/第一章.txt", 10, 0xDEADBEEF), new("unzip/报告/a.txt", 0, 0)];
        var manifest = ExpansionManifest.From(Report(objects), DateTimeOffset.UnixEpoch.AddSeconds(5));

        using var stream = manifest.ToUtf8JsonStream();
        var parsed = ExpansionManifest.TryParse(stream.ToArray());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Position, Is.Zero, "ready to send");
            Assert.That(stream.Capacity, Is.EqualTo(stream.Length), "sized by the counting pass, never grown");
            Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Does.Contain("第一章"));
            Assert.That(parsed, Is.Not.Null);
            Assert.That(parsed!.Entries.Select(e => (e.Key, e.Size, e.Crc32)), Is.EqualTo(new[] { ("unzip/报告/第一章.txt", 10L, "deadbeef"), ("unzip/报告/a.txt", 0L, "00000000") }));
            Assert.That(parsed.Skipped.Single().Code, Is.EqualTo(EntryNoteCodes.Symlink));
            Assert.That(parsed.Source.Key, Is.EqualTo("zip/报告.zip"));
        }
    }

    [Test]
    public void ToUtf8JsonStream_NoObjects_IsAValidManifest()
    {
        var manifest = ExpansionManifest.From(Report([]), DateTimeOffset.UnixEpoch);

        using var stream = manifest.ToUtf8JsonStream();

        Assert.That(ExpansionManifest.TryParse(stream.ToArray())?.Entries, Is.Empty);
    }
}
