using Microsoft.Extensions.Options;
using OssUnzip.Function.Events;
using OssUnzip.Function.Routing;

namespace OssUnzip.Function.Tests.Routing;

public sealed class EventRouterTests
{
    private static string[] Keys(params string[] keys) => keys;

    private const string Bucket = "eb-ask";

    private static EventRouter CreateSut(string allowedBuckets = Bucket, string inputPrefix = "zip/", string outputPrefix = "unzip/") =>
        new(Options.Create(new UnzipOptions { AllowedBuckets = allowedBuckets, InputPrefix = inputPrefix, OutputPrefix = outputPrefix }));

    private static ObjectCreatedEvent Event(string key = "zip/a.zip", string type = "ObjectCreated:PutObject", string bucket = Bucket) =>
        new("evt-1", type, bucket, key, null, null);

    [TestCase("ObjectCreated:PutObject")]
    [TestCase("ObjectCreated:PostObject")]
    [TestCase("ObjectCreated:CopyObject")]
    [TestCase("ObjectCreated:AppendObject")]
    [TestCase("ObjectCreated:CompleteMultipartUpload")]
    public void Route_ZipUnderInputPrefixWithCompleteUploadType_Expands(string type)
    {
        var decision = CreateSut().Route(Event(type: type));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.IsIgnored, Is.False, decision.IgnoreReason);
            Assert.That(decision.CandidateKeys, Is.EqualTo(Keys("zip/a.zip")));
        }
    }

    [Test]
    public void Route_OtherBucket_IgnoredNamingTheSetting()
    {
        var decision = CreateSut().Route(Event(bucket: "someone-else"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.IsIgnored, Is.True);
            Assert.That(decision.IgnoreReason, Does.Contain("someone-else").And.Contain("Unzip:AllowedBuckets"));
            Assert.That(decision.CandidateKeys, Is.Empty);
        }
    }

    [Test]
    public void Route_BucketNameDiffersOnlyInCase_Ignored()
    {
        var decision = CreateSut().Route(Event(bucket: "EB-ASK"));

        Assert.That(decision.IsIgnored, Is.True);
    }

    [Test]
    public void Route_SecondOfSeveralAllowedBuckets_Expands()
    {
        var decision = CreateSut(allowedBuckets: " first , eb-ask ,").Route(Event());

        Assert.That(decision.IsIgnored, Is.False, decision.IgnoreReason);
    }

    [TestCase("ObjectRemoved:DeleteObject")]
    [TestCase("ObjectModified:UpdateObjectMeta")]
    [TestCase("eventbridge:Events:HTTPEvent")]
    public void Route_NotAnObjectCreatedType_IgnoredNamingTheType(string type)
    {
        var decision = CreateSut().Route(Event(type: type));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.IsIgnored, Is.True);
            Assert.That(decision.IgnoreReason, Does.Contain(type).And.Contain("not an object-created event"));
        }
    }

    [TestCase("ObjectCreated:InitiateMultipartUpload")]
    [TestCase("ObjectCreated:UploadPart")]
    public void Route_UploadStillInProgress_Ignored(string type)
    {
        var decision = CreateSut().Route(Event(type: type));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.IsIgnored, Is.True);
            Assert.That(decision.IgnoreReason, Does.Contain("not complete"));
        }
    }

    [TestCase("other/a.zip")]
    [TestCase("unzip/a/b.zip")]
    [TestCase("zipped/a.zip")]
    [TestCase("ZIP/a.zip")]
    [TestCase("/zip/a.zip")]
    public void Route_KeyOutsideInputPrefix_IgnoredNamingThePrefix(string key)
    {
        var decision = CreateSut().Route(Event(key: key));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.IsIgnored, Is.True);
            Assert.That(decision.IgnoreReason, Does.Contain("Unzip:InputPrefix"));
        }
    }

    [TestCase("zip/a.tar.gz.txt")]
    [TestCase("zip/a.docx")]
    [TestCase("zip/a.zip.txt")]
    [TestCase("zip/azip")]
    [TestCase("zip/.zip")]
    [TestCase("zip/folder/")]
    public void Route_KeyNotAnArchive_Ignored(string key)
    {
        var decision = CreateSut().Route(Event(key: key));

        Assert.That(decision.IsIgnored, Is.True);
    }

    [TestCase("zip/A.ZIP")]
    [TestCase("zip/a.Zip")]
    [TestCase("zip/X.TAR.GZ")]
    [TestCase("zip/x.Tgz")]
    public void Route_UppercaseSuffix_Expands(string key)
    {
        var decision = CreateSut().Route(Event(key: key));

        Assert.That(decision.CandidateKeys, Is.EqualTo(Keys(key)));
    }

    [Test]
    public void Route_EncodedSlashInKey_ExpandsTheDecodedCandidate()
    {
        var decision = CreateSut().Route(Event(key: "zip%2Fa.zip"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.IsIgnored, Is.False, decision.IgnoreReason);
            Assert.That(decision.CandidateKeys, Is.EqualTo(Keys("zip/a.zip")));
        }
    }

    [Test]
    public void Route_KeyWithSpaceAndPlus_KeepsEveryArchiveCandidateInOrder()
    {
        var decision = CreateSut().Route(Event(key: "zip/my+photos%202026.zip"));

        Assert.That(decision.CandidateKeys, Is.EqualTo(Keys("zip/my+photos%202026.zip", "zip/my+photos 2026.zip", "zip/my photos 2026.zip")));
    }

    [Test]
    public void Route_CustomInputPrefix_UsesIt()
    {
        var decision = CreateSut(inputPrefix: "incoming/archives/", outputPrefix: "expanded/").Route(Event(key: "incoming/archives/x.zip"));

        Assert.That(decision.CandidateKeys, Is.EqualTo(Keys("incoming/archives/x.zip")));
    }

    [TestCase("zip/x.zip", "unzip/x/")]
    [TestCase("zip/a/b/x.ZIP", "unzip/a/b/x/")]
    [TestCase("zip/压缩 文件.zip", "unzip/压缩 文件/")]
    [TestCase("zip/x.y.zip", "unzip/x.y/")]
    [TestCase("zip/a/x.tar.gz", "unzip/a/x/")]
    [TestCase("zip/a/X.TAR.BZ2", "unzip/a/X/")]
    [TestCase("zip/x.tbz2", "unzip/x/")]
    [TestCase("zip/x.tar.zst", "unzip/x/")]
    [TestCase("zip/x.txt.gz", "unzip/x.txt/")]
    [TestCase("zip/x.7z", "unzip/x/")]
    public void OutputFolderFor_ArchiveKey_MapsUnderOutputPrefix(string key, string expected)
    {
        var folder = CreateSut().OutputFolderFor(key);

        Assert.That(folder, Is.EqualTo(expected));
    }

    [Test]
    public void OutputFolderFor_CustomPrefixes_UsesThem()
    {
        var folder = CreateSut(inputPrefix: "in/", outputPrefix: "out/done/").OutputFolderFor("in/2026/x.zip");

        Assert.That(folder, Is.EqualTo("out/done/2026/x/"));
    }

    [TestCase("other/x.zip")]
    [TestCase("zip/x.txt")]
    [TestCase("zip/.zip")]
    public void OutputFolderFor_NotAnArchiveKey_Throws(string key)
    {
        var sut = CreateSut();

        Assert.That(() => sut.OutputFolderFor(key), Throws.ArgumentException);
    }

    [TestCase("unzip/{dir}{name}/", "in/a/b/x.zip", "unzip/a/b/x/")]
    [TestCase("out/{name}/", "in/a/b/x.zip", "out/x/")]
    [TestCase("out/{key}/", "in/a/x.zip", "out/in/a/x.zip/")]
    [TestCase("{dir}done/{name}/", "in/x.ZIP", "done/x/")]
    public void OutputFolderFor_RuleTemplate_FillsPlaceholders(string template, string key, string expected)
    {
        var rule = new UnzipRule { Name = "r", Bucket = Bucket, InputPrefix = "in/", OutputPrefix = template };

        Assert.That(EventRouter.OutputFolderFor(rule, key), Is.EqualTo(expected));
    }

    [Test]
    public void Route_RulesOnTwoPrefixes_PicksTheRuleThatTakesTheKeyAndItsOutputBucket()
    {
        var options = new UnzipOptions();
        options.Rules.Add(new UnzipRule { Name = "one", Bucket = Bucket, InputPrefix = "a/" });
        options.Rules.Add(new UnzipRule { Name = "two", Bucket = Bucket, InputPrefix = "b/", OutputBucket = "elsewhere", OutputPrefix = "done/{name}/" });
        var sut = new EventRouter(Options.Create(options));

        var decision = sut.Route(Event(key: "b/x/y.zip"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision.Candidates.Single().Rule.Name, Is.EqualTo("two"));
            Assert.That(decision.Candidates.Single().OutputBucket, Is.EqualTo("elsewhere"));
            Assert.That(decision.Candidates.Single().OutputFolder, Is.EqualTo("done/y/"));
            Assert.That(sut.Route(Event(bucket: "unknown")).IgnoreReason, Does.Contain("no rule of Unzip:Rules takes bucket 'unknown'"));
        }
    }
}
