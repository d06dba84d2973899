using OssUnzip.Function.Archive;
using OssUnzip.Function.Archive.Formats;
using OssUnzip.Function.Routing;

namespace OssUnzip.Function.Tests.Archive.Formats;

[TestFixture]
public sealed class ArchiveFormatResolverTests
{
    [Test]
    public void Suffixes_SameAsRoutingArchiveSuffixes()
    {
        Assert.That(ArchiveFormatResolver.Suffixes, Is.EqualTo(ArchiveSuffixes.All), "a routed suffix the engine cannot resolve would answer 500");
    }

    [TestCase("zip/x.zip", ArchiveSignature.Zip, "zip")]
    [TestCase("zip/x.ZIP", ArchiveSignature.Unknown, "zip")]
    [TestCase("zip/x.tar", ArchiveSignature.Tar, "tar")]
    [TestCase("zip/X.TAR.GZ", ArchiveSignature.Gzip, "tar+gzip")]
    [TestCase("zip/x.tgz", ArchiveSignature.Gzip, "tar+gzip")]
    [TestCase("zip/x.tar.bz2", ArchiveSignature.Bzip2, "tar+bzip2")]
    [TestCase("zip/x.tbz2", ArchiveSignature.Bzip2, "tar+bzip2")]
    [TestCase("zip/x.tar.xz", ArchiveSignature.Xz, "tar+xz")]
    [TestCase("zip/x.txz", ArchiveSignature.Xz, "tar+xz")]
    [TestCase("zip/x.tar.zst", ArchiveSignature.Zstd, "tar+zstd")]
    [TestCase("zip/x.tzst", ArchiveSignature.Zstd, "tar+zstd")]
    [TestCase("zip/x.txt.gz", ArchiveSignature.Gzip, "gzip")]
    [TestCase("zip/x.7z", ArchiveSignature.SevenZip, "7z")]
    [TestCase("zip/X.7Z", ArchiveSignature.SevenZip, "7z")]
    [TestCase("zip/x.zip", ArchiveSignature.Gzip, "zip")]
    [TestCase("zip/x.zip", ArchiveSignature.Tar, "zip")]
    public void Resolve_NameAndBytesAgree_ReturnsTheFormat(string key, ArchiveSignature signature, string expected)
    {
        Assert.That(ArchiveFormatResolver.Resolve(key, signature).Name, Is.EqualTo(expected));
    }

    [TestCase("zip/x.tar.gz", ArchiveSignature.Zip, ArchiveRejectionCodes.FormatMismatch)]
    [TestCase("zip/x.tar", ArchiveSignature.Xz, ArchiveRejectionCodes.FormatMismatch)]
    [TestCase("zip/x.tar.xz", ArchiveSignature.Unknown, ArchiveRejectionCodes.NotAnArchive)]
    [TestCase("zip/x.gz", ArchiveSignature.Unknown, ArchiveRejectionCodes.NotAnArchive)]
    [TestCase("zip/x.rar", ArchiveSignature.Rar4, ArchiveRejectionCodes.UnsupportedFormat)]
    [TestCase("zip/x.rar", ArchiveSignature.Rar5, ArchiveRejectionCodes.UnsupportedFormat)]
    [TestCase("zip/x.zip", ArchiveSignature.Rar5, ArchiveRejectionCodes.UnsupportedFormat)]
    [TestCase("zip/x.tar.gz", ArchiveSignature.SevenZip, ArchiveRejectionCodes.FormatMismatch)]
    [TestCase("zip/x.7z", ArchiveSignature.Zip, ArchiveRejectionCodes.FormatMismatch)]
    [TestCase("zip/x.7z", ArchiveSignature.Unknown, ArchiveRejectionCodes.NotAnArchive)]
    [TestCase("zip/x.tar.gz", ArchiveSignature.Cab, ArchiveRejectionCodes.UnsupportedFormat)]
    [TestCase("zip/x.tar", ArchiveSignature.Iso9660, ArchiveRejectionCodes.UnsupportedFormat)]
    [TestCase("zip/x.zip", ArchiveSignature.SplitZip, ArchiveRejectionCodes.UnsupportedFormat)]
    public void Resolve_NameAndBytesDisagreeOrUnsupported_RejectsWithTheCode(string key, ArchiveSignature signature, string code)
    {
        Assert.That(() => ArchiveFormatResolver.Resolve(key, signature), Throws.TypeOf<ArchiveRejectedException>().With.Property(nameof(ArchiveRejectedException.Code)).EqualTo(code));
    }
}
